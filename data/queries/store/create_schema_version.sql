-- The migrations applied to this store (data/migrations/NNN_*.sql), created on first use.
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)
