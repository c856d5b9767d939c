INSERT INTO budget_plan (city, pledge_id, phase, year, funding_source, amount)
VALUES ($city, $pledge_id, $phase, $year, $funding_source, $amount)
