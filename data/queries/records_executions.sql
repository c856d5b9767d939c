-- Execution records (집행, 원) of one pledge up to $as_of, optionally of year $year.
-- Params: $as_of DATE, $city TEXT, $pledge_id TEXT, $year INTEGER|NULL.
SELECT r.execution_id, r.executed_on, r.amount_krw, r.funding_source, r.description,
       r.import_id, i.file_name, coalesce(i.synthetic, FALSE) AS synthetic
FROM executions r LEFT JOIN imports i USING (import_id)
WHERE r.city = $city AND r.pledge_id = $pledge_id AND r.executed_on <= $as_of
  AND ($year IS NULL OR year(r.executed_on) = $year)
ORDER BY r.executed_on, r.execution_id
