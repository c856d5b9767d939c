-- Add the registered frame `incoming_rows` to a record table, skipping rows whose natural key
-- is present. {table}: a record kind (data.vocabulary.RecordKind); {columns}, {key_match}: the
-- store columns and natural key of data.formats (code, never user input). No params.
INSERT INTO {table} ({columns})
SELECT {columns} FROM incoming_rows i
WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {key_match})
