-- Read a UTF-8 CSV file as text columns (no type detection: typing is the import's job).
-- Runs on an in-memory reader connection, never on the store.
-- Params: $path TEXT, $delim TEXT, $columns STRUCT (c0, c1, … all 'VARCHAR').
SELECT * FROM read_csv($path, header = true, auto_detect = false,
                       delim = $delim, quote = '"', escape = '"', null_padding = true, strict_mode = true,
                       columns = $columns)
