-- The read model's copy of one table of the store, whole ({table} of data.read_model.TABLES, from
-- the PostgreSQL database attached as {pg}).
CREATE OR REPLACE TABLE main.{table} AS SELECT * FROM {pg}.main.{table}
