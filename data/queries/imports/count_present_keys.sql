-- How many rows of the registered frame `incoming_keys` (the file's natural keys) are in a record
-- table already: when none, the store comparison (imports/present_records) has nothing to do.
-- {table}, {key_match}: a record kind and its natural key (code, never user input).
-- Params: $city_lo, $city_hi, $pledge_lo, $pledge_hi TEXT|NULL: the incoming rows' first and last city and pledge
-- (data.imports.keys.key_bounds): pushed down, PostgreSQL reads one pledge's rows by its index (migration 013).
-- A SEMI JOIN, as in imports/count_present_records.
SELECT count(*) FROM incoming_keys i
SEMI JOIN (SELECT * FROM {table} t WHERE $city_lo IS NULL OR (t.city BETWEEN $city_lo AND $city_hi AND t.pledge_id BETWEEN $pledge_lo AND $pledge_hi)) t
    ON {key_match}
