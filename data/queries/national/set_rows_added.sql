-- The rows a synthetic import added. Params: $import_id INTEGER, $rows INTEGER.
UPDATE imports SET rows_added = $rows WHERE import_id = $import_id
