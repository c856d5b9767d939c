-- One import, for undo. Params: $import_id INTEGER.
SELECT kind, undone_at, city, pledge_id, previous_content, file_name FROM imports WHERE import_id = $import_id
