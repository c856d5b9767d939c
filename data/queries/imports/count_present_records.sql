-- How many rows of the registered frame `incoming_rows` have a natural key present in a record
-- table (none, for a new file: then imports/insert_all_records adds them without the anti-join).
-- {table}, {key_match}: a record kind and its natural key (code, never user input). No params.
SELECT count(*) FROM incoming_rows i
WHERE EXISTS (SELECT 1 FROM {table} t WHERE {key_match})
