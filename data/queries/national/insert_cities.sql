-- The synthetic cities, from the registered frame g_cities. No params.
INSERT INTO cities (city, name, province, term_start, term_end, synthetic)
SELECT city, name, province, term_start, term_end, synthetic FROM g_cities
