-- The rows of a record table ({table}: a record kind from data.vocabulary.RecordKind). No params.
SELECT count(*) FROM {table}
