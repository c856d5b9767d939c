-- What an import did. Params: $import_id, $rows_added, $rows_present, $warnings.
UPDATE imports SET rows_added = $rows_added, rows_present = $rows_present, rows_refused = 0, warnings = $warnings
WHERE import_id = $import_id
