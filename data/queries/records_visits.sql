-- Service visit records (서비스 제공, pseudonymous) of one pledge up to $as_of, optionally of year $year.
-- Params: $as_of DATE, $city TEXT, $pledge_id TEXT, $year INTEGER|NULL.
SELECT r.visit_id, r.visit_date, r.application_id, r.person_id, r.hours, r.service,
       r.import_id, i.file_name, coalesce(i.synthetic, FALSE) AS synthetic
FROM visits r LEFT JOIN imports i USING (import_id)
WHERE r.city = $city AND r.pledge_id = $pledge_id AND r.visit_date <= $as_of
  AND ($year IS NULL OR year(r.visit_date) = $year)
ORDER BY r.visit_date, r.visit_id
