-- Add the registered frame `incoming_rows` to a record table, skipping rows whose natural key
-- is present. {table}: a record kind (data.vocabulary.RecordKind); {columns}, {key_match}: the
-- store columns and natural key of data.formats (code, never user input).
-- Params: $city_lo, $city_hi, $pledge_lo, $pledge_hi TEXT|NULL: the incoming rows' first and last city and pledge
-- (data.imports.keys.key_bounds): pushed down, PostgreSQL reads one pledge's rows by its index (migration 013).
-- An ANTI JOIN with the stored rows within the bounds (as imports/count_present_records' SEMI JOIN).
INSERT INTO {table} ({columns})
SELECT {columns} FROM incoming_rows i
ANTI JOIN (SELECT * FROM {table} t WHERE $city_lo IS NULL OR (t.city BETWEEN $city_lo AND $city_hi AND t.pledge_id BETWEEN $pledge_lo AND $pledge_hi)) t
    ON {key_match}
