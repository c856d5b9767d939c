INSERT INTO service_rules (city, pledge_id, starts, hours_per_visit, visits_per_person, eligible_from_week)
VALUES ($city, $pledge_id, $starts, $hours_per_visit, $visits_per_person, $eligible_from_week)
