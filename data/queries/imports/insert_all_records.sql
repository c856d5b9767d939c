-- Add every row of the registered frame `incoming_rows` to a record table: used when none of its
-- natural keys is present (imports/count_present_records, in the same transaction, under the
-- store's write lock). A key repeated inside the rows is refused before: by the file's check
-- and, on the DuckDB file (no key index since migration 010), by imports/incoming_key_problems;
-- PostgreSQL's primary key refuses it too. {table}, {columns}: a record kind and its store
-- columns (code, never user input). No params.
INSERT INTO {table} ({columns})
SELECT {columns} FROM incoming_rows
