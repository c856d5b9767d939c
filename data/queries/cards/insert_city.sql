-- A city and its term (from the first card of the city). Params: see the column list.
INSERT INTO cities (city, name, province, term_start, term_end, synthetic)
VALUES ($city, $name, $province, $term_start, $term_end, $synthetic)
ON CONFLICT DO NOTHING
