-- The record spans as the yearly totals give them (the one definition; migration 011 wrote the
-- same for existing stores): per city × pledge with records, their number (every record kind),
-- the sum of their amounts (원) and the first and last day that has records.
-- Params: $city TEXT|NULL, $pledge_id TEXT|NULL.
SELECT city, pledge_id, CAST(sum(records) AS BIGINT) AS records, CAST(sum(amount_krw) AS BIGINT) AS amount_krw,
       min(first_day) AS first_day, max(last_day) AS last_day
FROM yearly_totals
WHERE ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
GROUP BY city, pledge_id
