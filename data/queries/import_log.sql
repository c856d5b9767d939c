-- The imports log (가져오기 기록), newest first: when, who, which file (name and SHA-256),
-- what it held and did, and whether it was undone. No params.
SELECT import_id, kind, file_name, file_hash, imported_by, imported_at, city, pledge_id, encoding, sheet,
       rows_in_file, rows_added, rows_present, rows_refused, warnings, synthetic, undone_at, undone_by
FROM imports
ORDER BY import_id DESC
