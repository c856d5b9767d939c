-- The recorded 추진상황 in force on $as_of for each pledge: the newest status_history row dated on or
-- before it. A pledge without one (no status recorded yet on that date) has no row.
-- Params: $as_of DATE, $city TEXT|NULL, $pledge_id TEXT|NULL.
SELECT city, pledge_id, arg_max(status, status_on) AS status_in_force, max(status_on) AS status_in_force_date,
       arg_max(note, status_on) AS status_in_force_note
FROM status_history
WHERE status_on <= $as_of AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
GROUP BY city, pledge_id
