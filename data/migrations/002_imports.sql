-- Schema version 2: folded into 001 (the import log: imports' columns, import_warnings,
-- target_revisions.import_id), since no store at version 1 or 2 was ever released. The file
-- stays so that the version numbers stay: stores at version 3 or later are untouched.
SELECT 1;
