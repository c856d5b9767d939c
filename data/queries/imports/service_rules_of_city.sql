-- Every service rule of a city, oldest first. Params: $city TEXT.
SELECT pledge_id, starts, hours_per_visit, visits_per_person, eligible_from_week
FROM service_rules WHERE city = $city ORDER BY starts
