INSERT INTO milestones (city, pledge_id, ord, name, start_quarter, end_quarter, done_quarter)
VALUES ($city, $pledge_id, $ord, $name, $start_quarter, $end_quarter, $done_quarter)
