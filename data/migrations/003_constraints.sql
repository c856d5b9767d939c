-- Schema version 3: folded into 001 (the CHECK constraints and foreign keys, written inline),
-- since no store at version 1 or 2 was ever released. The file stays so that the version
-- numbers stay: stores at version 3 or later are untouched.
SELECT 1;
