-- One synthetic import per table. Params: $kind TEXT, $file_name TEXT, $file_hash TEXT.
INSERT INTO imports (kind, file_name, file_hash, imported_by, synthetic)
VALUES ($kind, $file_name, $file_hash, 'data.national', TRUE)
RETURNING import_id
