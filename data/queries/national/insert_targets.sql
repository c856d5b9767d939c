-- The synthetic card targets, from the registered frame g_targets. No params.
INSERT INTO indicator_targets (city, pledge_id, indicator_id, period, target)
SELECT city, pledge_id, indicator_id, period, target FROM g_targets
