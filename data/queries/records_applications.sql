-- Application records (신청, pseudonymous) of one pledge up to $as_of, optionally of year $year.
-- Params: $as_of DATE, $city TEXT, $pledge_id TEXT, $year INTEGER|NULL.
SELECT r.application_id, r.applied_on, r.person_id, r.emd, r.pregnancy_week, r.due_date, r.decision,
       r.import_id, i.file_name, coalesce(i.synthetic, FALSE) AS synthetic
FROM applications r LEFT JOIN imports i USING (import_id)
WHERE r.city = $city AND r.pledge_id = $pledge_id AND r.applied_on <= $as_of
  AND ($year IS NULL OR year(r.applied_on) = $year)
ORDER BY r.applied_on, r.application_id
