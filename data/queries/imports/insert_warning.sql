-- One warning found on import, kept for auditors. Params: one per column.
INSERT INTO import_warnings (import_id, row_no, column_name, rule, message)
VALUES ($import_id, $row_no, $column_name, $rule, $message)
