-- The rows of the registered frame `incoming_rows_check` whose natural key is in the store, and
-- whether the stored record differs. {table}, {key_match}, {differs}: from the record kind's
-- format (code, never user input).
-- Params: $city_lo, $city_hi, $pledge_lo, $pledge_hi TEXT|NULL: the incoming rows' first and last city and pledge
-- (data.imports.keys.key_bounds): pushed down, PostgreSQL reads one pledge's rows by its index (migration 013).
SELECT i._i, ({differs}) AS differs
FROM incoming_rows_check i JOIN {table} t ON {key_match}
WHERE ($city_lo IS NULL OR (t.city BETWEEN $city_lo AND $city_hi AND t.pledge_id BETWEEN $pledge_lo AND $pledge_hi))
