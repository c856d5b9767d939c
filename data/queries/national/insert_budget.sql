-- The synthetic investment plans, from the registered frame g_budget. No params.
INSERT INTO budget_plan (city, pledge_id, phase, year, funding_source, amount)
SELECT city, pledge_id, phase, year, funding_source, amount FROM g_budget
