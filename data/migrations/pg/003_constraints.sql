-- Schema version 3 for PostgreSQL: nothing to do, data/migrations/pg/001_initial.sql already
-- creates the tables as DuckDB has them after 003_constraints.sql.
SELECT 1;
