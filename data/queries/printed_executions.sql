-- The card's printed 집행액 per year (백만원). Params: $city TEXT|NULL, $pledge_id TEXT|NULL.
SELECT city, pledge_id, year, amount
FROM printed_executions
WHERE ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
ORDER BY city, pledge_id, year
