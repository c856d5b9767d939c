-- How many rows of the registered frame `incoming_keys` (the file's natural keys) are in a record
-- table already: when none, the store comparison (imports/present_records) has nothing to do.
-- {table}, {key_match}: a record kind and its natural key (code, never user input). No params.
SELECT count(*) FROM incoming_keys i
WHERE EXISTS (SELECT 1 FROM {table} t WHERE {key_match})
