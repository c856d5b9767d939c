-- The read model's copy of one table of the store, whole: {table} of data.read_model.TABLES, read
-- from the PostgreSQL database attached as {pg}, into {target} (the table itself, or its staged
-- copy while the read model is built: read_model/swap_table.sql).
CREATE OR REPLACE TABLE main.{target} AS SELECT * FROM {pg}.main.{table}
