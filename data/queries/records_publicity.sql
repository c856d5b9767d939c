-- Publicity records (홍보) of one pledge up to $as_of, optionally of year $year.
-- Params: $as_of DATE, $city TEXT, $pledge_id TEXT, $year INTEGER|NULL.
SELECT r.publicity_id, r.action_date, r.channel, r.title, r.import_id, i.file_name, coalesce(i.synthetic, FALSE) AS synthetic
FROM publicity r LEFT JOIN imports i USING (import_id)
WHERE r.city = $city AND r.pledge_id = $pledge_id AND r.action_date <= $as_of
  AND ($year IS NULL OR year(r.action_date) = $year)
ORDER BY r.action_date, r.publicity_id
