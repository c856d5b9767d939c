-- The one definition of "the target in force": per indicator × period with a card target or a
-- revision, the card's target (original_target), the newest revision effective on or before
-- $as_of (revisions_in_force.sql; NULL = every revision; revision_id, NULL = the card's) and the target in force = that
-- revision's new target, else the card's. Included by current_targets.sql over its grid of the
-- pledge's term periods (indicator_periods.sql reads the card targets from the stored grid and
-- applies the same rule to revisions_in_force.sql).
-- Params: $as_of DATE|NULL, $city TEXT|NULL, $pledge_id TEXT|NULL.
WITH latest AS (
    {{revisions_in_force}}
),
card AS (
    SELECT city, pledge_id, indicator_id, period, target
    FROM indicator_targets
    WHERE ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
)
SELECT city, pledge_id, indicator_id, period, t.target AS original_target,
       CASE WHEN l.revision_id IS NULL THEN t.target ELSE l.target END AS target,
       l.revision_id
FROM card t
FULL OUTER JOIN latest l USING (city, pledge_id, indicator_id, period)
