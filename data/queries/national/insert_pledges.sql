-- The synthetic pledges, from the registered frame g_pledges. No params.
INSERT INTO pledges (city, pledge_id, title, area_no, area_name, strategy_no, item_no, completion, implementer,
                     novelty, budget_type, required_budget, status, status_date, department, team, synthetic)
SELECT city, pledge_id, title, area_no, area_name, strategy_no, item_no, completion, implementer, novelty,
       budget_type, required_budget, status, status_date, department, NULL, TRUE
FROM g_pledges
