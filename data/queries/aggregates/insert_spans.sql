-- Sum the yearly totals of every pledge the delta touches into record_spans again (after
-- insert_years: a pledge left with no record has no row; as aggregates/span_rows.sql sums them).
-- Params: $city_lo, $city_hi, $pledge_lo, $pledge_hi TEXT|NULL: the delta's bounds (delta_bounds.sql;
-- NULL on the DuckDB file: data/aggregates.py).
INSERT INTO record_spans (city, pledge_id, records, amount_krw, first_day, last_day)
SELECT y.city, y.pledge_id, CAST(sum(y.records) AS BIGINT), CAST(sum(y.amount_krw) AS BIGINT),
       min(y.first_day), max(y.last_day)
FROM yearly_totals y
JOIN (SELECT DISTINCT city, pledge_id FROM agg_delta) x ON x.city = y.city AND x.pledge_id = y.pledge_id
WHERE ($city_lo IS NULL OR (y.city BETWEEN $city_lo AND $city_hi AND y.pledge_id BETWEEN $pledge_lo AND $pledge_hi))
GROUP BY y.city, y.pledge_id
