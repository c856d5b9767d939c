-- Schema version 2 for PostgreSQL: nothing to do, data/migrations/pg/001_initial.sql already
-- creates the tables as DuckDB has them after 002_imports.sql.
SELECT 1;
