-- Remove the record_spans rows of every pledge the delta touches (insert_spans sums them again
-- from the yearly totals); joined with the touched pledges, made distinct.
-- Params: $city_lo, $city_hi, $pledge_lo, $pledge_hi TEXT|NULL: the delta's bounds (delta_bounds.sql;
-- NULL on the DuckDB file: data/aggregates.py).
DELETE FROM record_spans
USING (SELECT DISTINCT city, pledge_id FROM agg_delta) x
WHERE x.city = record_spans.city AND x.pledge_id = record_spans.pledge_id
  AND ($city_lo IS NULL OR (record_spans.city BETWEEN $city_lo AND $city_hi AND record_spans.pledge_id BETWEEN $pledge_lo AND $pledge_hi))
