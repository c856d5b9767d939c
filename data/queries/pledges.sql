-- Record dates (applied_on, visit_date, action_date, executed_on, reported_on): data.vocabulary.RECORD_DATE;
-- tests/data/test_schema.py keeps every query over records in step with it.
-- Pledges with their city, and the last date for which any of their records exist
-- (data_until: the card's 기준일 or the newest record, whichever is later; the newest record of the
-- record tables is record_spans.last_day, kept at write time, one row per pledge; the newest
-- report's day, reported_actuals grouped), and the pledge's term
-- (as the pledge_terms view gives it: its name and first and last day; the view's join written out
-- here so that pledges and cities are read once).
-- Params: $city TEXT|NULL, $pledge_id TEXT|NULL.
WITH reported AS (
    SELECT city, pledge_id, max(reported_on) AS d FROM reported_actuals
    WHERE ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id) GROUP BY ALL
)
SELECT p.* EXCLUDE (term), c.name AS city_name, c.province, t.term, t.starts AS term_start, t.ends AS term_end,
       greatest(p.printed_as_of, rs.last_day, r.d) AS data_until, coalesce(cs.rounding, 'half_up') AS rounding
FROM pledges p
JOIN cities c USING (city)
JOIN terms t ON t.term = p.term OR (p.term IS NULL AND t.starts = c.term_start AND t.ends = c.term_end)
LEFT JOIN city_settings cs USING (city)
LEFT JOIN record_spans rs USING (city, pledge_id)
LEFT JOIN reported r USING (city, pledge_id)
WHERE ($city IS NULL OR p.city = $city) AND ($pledge_id IS NULL OR p.pledge_id = $pledge_id)
ORDER BY p.city, p.area_no, p.strategy_no, p.item_no, p.pledge_id
