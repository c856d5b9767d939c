-- The rows of one kind's table that an import added ({table}: a record kind from
-- data.vocabulary.RecordKind, never user input). Params: $import_id INTEGER.
SELECT count(*) FROM {table} WHERE import_id = $import_id
