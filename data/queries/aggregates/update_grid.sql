-- Set the yearly records and amounts of the indicator_grid rows of every year the delta touches
-- from yearly_totals again (after insert_years; a year left with no record: NULL). Joined with the
-- touched years, made distinct (as insert_years).
-- Params: $city_lo, $city_hi, $pledge_lo, $pledge_hi TEXT|NULL, $day_lo, $day_hi DATE: the delta's bounds
-- (delta_bounds.sql; the city and pledge bounds NULL on the DuckDB file: data/aggregates.py).
UPDATE indicator_grid
SET year_records = x.records, year_amount = x.amount_krw
FROM (
    SELECT k.city, k.pledge_id, k.source, k.year, CAST(sum(y.records) AS BIGINT) AS records,
           CAST(sum(y.amount_krw) AS BIGINT) AS amount_krw
    FROM (SELECT DISTINCT city, pledge_id, source, year FROM agg_delta) k
    LEFT JOIN (SELECT * FROM yearly_totals y
               WHERE ($city_lo IS NULL OR (y.city BETWEEN $city_lo AND $city_hi AND y.pledge_id BETWEEN $pledge_lo AND $pledge_hi)) AND y.year BETWEEN year(CAST($day_lo AS DATE)) AND year(CAST($day_hi AS DATE))) y
      ON y.city = k.city AND y.pledge_id = k.pledge_id AND y.source = k.source AND y.year = k.year
    GROUP BY k.city, k.pledge_id, k.source, k.year
) x
WHERE indicator_grid.city = x.city AND indicator_grid.pledge_id = x.pledge_id
  AND indicator_grid.source = x.source AND indicator_grid.period = x.year
  AND ($city_lo IS NULL OR (indicator_grid.city BETWEEN $city_lo AND $city_hi AND indicator_grid.pledge_id BETWEEN $pledge_lo AND $pledge_hi))
  AND indicator_grid.period BETWEEN year(CAST($day_lo AS DATE)) AND year(CAST($day_hi AS DATE))
