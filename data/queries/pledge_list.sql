-- The pledge selector's list: one light row per pledge (no record scans), in card order, with the
-- rounding the city publishes its rates with (city_settings; 'half_up' when not set).
-- Params: $city TEXT|NULL, $term TEXT|NULL.
SELECT p.city, c.name AS city_name, c.province, p.pledge_id, p.title, p.area_no, p.area_name,
       p.department, p.team, p.status, p.printed_as_of, p.synthetic, pt.term,
       coalesce(cs.rounding, 'half_up') AS rounding
FROM pledges p
JOIN cities c USING (city)
LEFT JOIN city_settings cs USING (city)
JOIN pledge_terms pt USING (city, pledge_id)
WHERE ($city IS NULL OR p.city = $city) AND ($term IS NULL OR pt.term = $term)
ORDER BY p.city, p.area_no, p.strategy_no, p.item_no, p.pledge_id
