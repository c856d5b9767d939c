-- Indicator definitions, in card order. Params: $city TEXT|NULL, $pledge_id TEXT|NULL.
SELECT city, pledge_id, indicator_id, ord, name, unit, source, cap, weight, description, printed_rate
FROM indicators
WHERE ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
ORDER BY city, pledge_id, ord
