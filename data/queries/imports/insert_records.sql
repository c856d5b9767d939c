-- Add the registered frame `incoming_rows` to a record table, skipping rows whose natural key
-- is present. {table}: a record kind (data.vocabulary.RecordKind); {columns}, {key_match}: the
-- store columns and natural key of data.formats (code, never user input).
-- Params: $city_lo, $city_hi, $pledge_lo, $pledge_hi TEXT|NULL: the incoming rows' first and last city and pledge
-- (data.imports.kinds.key_bounds): pushed down, PostgreSQL reads one pledge's rows by its index (migration 013).
INSERT INTO {table} ({columns})
SELECT {columns} FROM incoming_rows i
WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {key_match} AND ($city_lo IS NULL OR (t.city BETWEEN $city_lo AND $city_hi AND t.pledge_id BETWEEN $pledge_lo AND $pledge_hi)))
