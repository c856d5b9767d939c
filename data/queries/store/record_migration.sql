-- Note that a migration was applied. Params: $version INTEGER.
INSERT INTO schema_version (version, applied_at) VALUES ($version, current_timestamp)
