-- The service rules in force by date. Params: $city TEXT, $pledge_id TEXT.
SELECT starts, hours_per_visit, visits_per_person, eligible_from_week
FROM service_rules
WHERE city = $city AND pledge_id = $pledge_id
ORDER BY starts
