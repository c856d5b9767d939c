-- Warnings recorded with imports (service rules and the like), for auditors.
-- Params: $import_id INTEGER|NULL (NULL = every import's).
SELECT w.import_id, i.file_name, i.imported_at, i.undone_at, w.row_no, w.column_name, w.rule, w.message
FROM import_warnings w
JOIN imports i USING (import_id)
WHERE $import_id IS NULL OR w.import_id = $import_id
ORDER BY w.import_id DESC, w.row_no
