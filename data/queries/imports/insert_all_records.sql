-- Add every row of the registered frame `incoming_rows` to a record table: used when none of its
-- natural keys is present (imports/count_present_records, in the same transaction; the primary
-- key refuses a row that would repeat one). {table}, {columns}: a record kind and its store
-- columns (code, never user input). No params.
INSERT INTO {table} ({columns})
SELECT {columns} FROM incoming_rows
