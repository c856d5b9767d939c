-- The synthetic indicators, from the registered frame g_indicators. No params.
INSERT INTO indicators (city, pledge_id, indicator_id, ord, name, unit, source, cap, weight, description)
SELECT city, pledge_id, indicator_id, ord, name, unit, source, cap, 1.0, '합성 지표' FROM g_indicators
