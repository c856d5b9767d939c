-- Delete the rows an import added ({table}: a record kind from data.vocabulary.RecordKind).
-- Params: $import_id INTEGER.
DELETE FROM {table} WHERE import_id = $import_id
