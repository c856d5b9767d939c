-- The highest migration applied (0 for an empty store). No params.
SELECT coalesce(max(version), 0) FROM schema_version
