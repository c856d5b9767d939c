-- Log one import (its counts are set by finish_import in the same transaction). Params: one per column.
INSERT INTO imports (kind, file_name, file_hash, imported_by, synthetic, city, encoding, sheet, rows_in_file,
                     pledge_id, content, previous_content)
VALUES ($kind, $file_name, $file_hash, $imported_by, $synthetic, $city, $encoding, $sheet, $rows_in_file,
        $pledge_id, $content, $previous_content)
RETURNING import_id
