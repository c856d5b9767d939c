-- The pledge selector's list: one light row per pledge (no record scans), in card order.
-- Params: $city TEXT|NULL.
SELECT p.city, c.name AS city_name, c.province, p.pledge_id, p.title, p.area_no, p.area_name,
       p.department, p.team, p.status, p.printed_as_of
FROM pledges p
JOIN cities c USING (city)
WHERE ($city IS NULL OR p.city = $city)
ORDER BY p.city, p.area_no, p.strategy_no, p.item_no, p.pledge_id
