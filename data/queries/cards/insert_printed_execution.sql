INSERT INTO printed_executions (city, pledge_id, year, amount)
VALUES ($city, $pledge_id, $year, $amount)
