-- The applications of the registered rows `incoming_weeks` (_i: the row's position in the file,
-- pledge_id, applied_on, pregnancy_week) made before the week of pregnancy that the service rule
-- in force on their date allows: the newest rule of the pledge starting on or before it (an
-- as-of join, as pandas' merge_asof backward by pledge). Params: $city TEXT.
SELECT w._i, w.pregnancy_week, r.eligible_from_week, r.starts
FROM incoming_weeks w
ASOF JOIN (SELECT pledge_id, starts, eligible_from_week FROM service_rules WHERE city = $city) r
    ON w.pledge_id = r.pledge_id AND w.applied_on >= r.starts
WHERE w.pregnancy_week < r.eligible_from_week
ORDER BY w._i
