-- Schema version 2: what the import (data/importer.py) needs to log, audit and undo.

-- More about each import: the city it went into, how the file was read, and undo.
ALTER TABLE imports ADD COLUMN city TEXT;
ALTER TABLE imports ADD COLUMN encoding TEXT;           -- utf-8 | utf-8-sig | cp949 | xlsx | yaml
ALTER TABLE imports ADD COLUMN sheet TEXT;              -- the XLSX sheet read
ALTER TABLE imports ADD COLUMN rows_in_file INTEGER;
ALTER TABLE imports ADD COLUMN undone_by TEXT;
ALTER TABLE imports ADD COLUMN content TEXT;            -- card imports: the card YAML imported
ALTER TABLE imports ADD COLUMN previous_content TEXT;   -- card imports: the card YAML it replaced (NULL = new pledge)

-- Target revisions made by a targets import (NULL = made on the planner's page).
ALTER TABLE target_revisions ADD COLUMN import_id INTEGER;

-- Service-rule warnings found on import (week of pregnancy, visits per person, hours per visit):
-- not refusals, but listed for auditors.
CREATE TABLE import_warnings (
    import_id   INTEGER NOT NULL,
    row_no      INTEGER,                -- the spreadsheet row (header = row 1)
    column_name TEXT,                   -- the header as written in the file
    rule        TEXT NOT NULL,          -- pregnancy_week | visits_per_person | hours_per_visit | ...
    message     TEXT NOT NULL           -- Korean
);

-- The pledge a card import replaced (records imports: NULL, they may hold many pledges).
ALTER TABLE imports ADD COLUMN pledge_id TEXT;
