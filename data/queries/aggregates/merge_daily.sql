-- The daily rows the delta touches, after the change: stored rows of those keys plus the delta,
-- into the temporary table agg_daily (rows left with no record are dropped by insert_daily).
-- agg_delta has one row per key and day (delta.sql groups by them), so the join picks each
-- stored row once (a correlated EXISTS decorrelates into a grouping of every daily row: slower).
-- Params: $city_lo, $city_hi, $pledge_lo, $pledge_hi TEXT|NULL, $day_lo, $day_hi DATE: the delta's bounds
-- (delta_bounds.sql; the city and pledge bounds NULL on the DuckDB file: data/aggregates.py).
CREATE OR REPLACE TEMP TABLE agg_daily AS
SELECT city, pledge_id, source, funding_source, day, sum(records) AS records, sum(amount_krw) AS amount_krw
FROM (
    SELECT d.city, d.pledge_id, d.source, d.funding_source, d.day, d.records, d.amount_krw
    FROM daily_actuals d
    JOIN agg_delta x ON x.city = d.city AND x.pledge_id = d.pledge_id AND x.source = d.source
                    AND x.funding_source = d.funding_source AND x.day = d.day
    WHERE ($city_lo IS NULL OR (d.city BETWEEN $city_lo AND $city_hi AND d.pledge_id BETWEEN $pledge_lo AND $pledge_hi)) AND d.day BETWEEN $day_lo AND $day_hi
    UNION ALL
    SELECT city, pledge_id, source, funding_source, day, records, amount_krw FROM agg_delta
) changed
GROUP BY city, pledge_id, source, funding_source, day
