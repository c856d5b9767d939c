-- The synthetic reported actuals, from the registered frame g_reported. Params: $import_id INTEGER.
INSERT INTO reported_actuals (city, pledge_id, indicator_id, period, value, reported_on, note, import_id)
SELECT city, pledge_id, indicator_id, period, value, reported_on, note, $import_id FROM g_reported
