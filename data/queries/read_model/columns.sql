-- The columns of one table of the read model's own file, in their order (for read_model/copy_city.sql).
-- Params: $table TEXT.
SELECT column_name
FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $table
ORDER BY column_index
