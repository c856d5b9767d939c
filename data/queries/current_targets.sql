-- The target in force for every indicator × period (newest revision, else the card's), with
-- the revision it comes from (NULL = the card). The one definition of "the target in force":
-- indicator_periods.sql includes it. The periods are those of the pledge's term (pledge_terms).
-- Params: $city TEXT|NULL, $pledge_id TEXT|NULL, $as_of DATE|NULL (revisions effective on or
-- before it; NULL = every revision).
WITH latest AS (
    SELECT city, pledge_id, indicator_id, period,
           arg_max(new_target, revision_id) AS target, max(revision_id) AS revision_id
    FROM target_revisions
    WHERE ($as_of IS NULL OR revised_on <= $as_of)
      AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
    GROUP BY ALL
)
SELECT i.city, i.pledge_id, i.indicator_id, i.name AS indicator_name, i.unit, p.period, p.label,
       t.target AS original_target,
       CASE WHEN l.revision_id IS NULL THEN t.target ELSE l.target END AS target,
       l.revision_id
FROM indicators i
JOIN pledge_terms pt USING (city, pledge_id)
JOIN periods p ON p.term = pt.term
LEFT JOIN indicator_targets t USING (city, pledge_id, indicator_id, period)
LEFT JOIN latest l USING (city, pledge_id, indicator_id, period)
WHERE ($city IS NULL OR i.city = $city) AND ($pledge_id IS NULL OR i.pledge_id = $pledge_id)
ORDER BY i.city, i.pledge_id, i.ord, p.period
