-- Mark an import undone. Params: $import_id INTEGER, $user TEXT.
UPDATE imports SET undone_at = current_timestamp, undone_by = $user WHERE import_id = $import_id
