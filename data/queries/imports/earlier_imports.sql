-- Imports (not undone) of the same bytes. Params: $file_hash TEXT.
SELECT import_id FROM imports WHERE file_hash = $file_hash AND undone_at IS NULL ORDER BY import_id
