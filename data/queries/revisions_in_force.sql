-- The one definition of "the revision in force": per indicator × period with a target revision,
-- the newest revision effective on or before $as_of (NULL = every revision): its new target and
-- revision_id. The target in force is that revision's new target, else the card's
-- (targets_in_force.sql; indicator_periods.sql over the stored grid's card targets).
-- Params: $as_of DATE|NULL, $city TEXT|NULL, $pledge_id TEXT|NULL.
SELECT city, pledge_id, indicator_id, period,
       arg_max(new_target, revision_id) AS target, max(revision_id) AS revision_id
FROM target_revisions
WHERE ($as_of IS NULL OR revised_on <= $as_of)
  AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
GROUP BY ALL
