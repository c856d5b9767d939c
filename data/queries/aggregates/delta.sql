-- The change an import (sign 1) or its undo (sign -1) makes to the aggregates: its records per
-- city × pledge × funding source × day (with its month and year), into the temporary table agg_delta (data/aggregates.py).
-- {table}: a record kind; {source}: its indicator source as a quoted literal; {day}: its record
-- date column (data.vocabulary.RECORD_DATE); {funding}: the funding source column or ''; {amount}:
-- the sum of its amounts or 0 (code, never user input). Params: $import_id INTEGER, $sign INTEGER.
CREATE OR REPLACE TEMP TABLE agg_delta AS
SELECT city, pledge_id, {source} AS source, {funding} AS funding_source, {day} AS day,
       CAST(date_trunc('month', {day}) AS DATE) AS month, year({day}) AS year, $sign * count(*) AS records, $sign * {amount} AS amount_krw
FROM {table}
WHERE import_id = $import_id
GROUP BY city, pledge_id, {funding}, {day}
