-- Reported yearly actuals on or before $as_of, newest per indicator × period.
-- Params: $as_of DATE, $city TEXT|NULL, $pledge_id TEXT|NULL.
SELECT city, pledge_id, indicator_id, period,
       arg_max(value, reported_on) AS reported, max(reported_on) AS reported_on,
       arg_max(note, reported_on) AS note
FROM reported_actuals
WHERE reported_on <= $as_of
  AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
GROUP BY ALL
ORDER BY city, pledge_id, indicator_id, period
