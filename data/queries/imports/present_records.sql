-- The rows of the registered frame `incoming_rows_check` whose natural key is in the store, and
-- whether the stored record differs. {table}, {key_match}, {differs}: from the record kind's
-- format (code, never user input). No params.
SELECT i._i, ({differs}) AS differs
FROM incoming_rows_check i JOIN {table} t ON {key_match}
