-- The target in force for every indicator × period (newest revision, else the card's), with
-- the revision it comes from (NULL = the card): targets_in_force.sql, the one definition of "the
-- target in force", over the grid of indicator × period. The periods are those of the pledge's term (pledge_terms).
-- Params: $city TEXT|NULL, $pledge_id TEXT|NULL, $as_of DATE|NULL (revisions effective on or
-- before it; NULL = every revision).
SELECT i.city, i.pledge_id, i.indicator_id, i.name AS indicator_name, i.unit, p.period, p.label,
       f.original_target, f.target, f.revision_id
FROM indicators i
JOIN pledge_terms pt USING (city, pledge_id)
JOIN periods p ON p.term = pt.term
LEFT JOIN ({{targets_in_force}}) f USING (city, pledge_id, indicator_id, period)
WHERE ($city IS NULL OR i.city = $city) AND ($pledge_id IS NULL OR i.pledge_id = $pledge_id)
ORDER BY i.city, i.pledge_id, i.ord, p.period
