-- Write the budget_grid rows of the keys delete_budget removed again (after insert_years): their
-- plan rows and their yearly executions, summed as aggregates/budget_rows.sql sums them (a key left
-- with neither has no row). Joined with the touched keys, made distinct (as insert_years).
-- Params: $city_lo, $city_hi, $pledge_lo, $pledge_hi TEXT|NULL, $day_lo, $day_hi DATE: the delta's bounds
-- (delta_bounds.sql; the city and pledge bounds NULL on the DuckDB file: data/aggregates.py).
INSERT INTO budget_grid (city, pledge_id, phase, year, funding_source, planned, year_records, year_amount)
SELECT city, pledge_id, phase, year, funding_source, sum(planned),
       CAST(sum(records) AS BIGINT), CAST(sum(amount_krw) AS BIGINT)
FROM (
    SELECT p.city, p.pledge_id, p.phase, p.year, p.funding_source, p.amount AS planned,
           CAST(NULL AS BIGINT) AS records, CAST(NULL AS BIGINT) AS amount_krw
    FROM budget_plan p
    JOIN (SELECT DISTINCT city, pledge_id, year, funding_source FROM agg_delta WHERE source = 'executions') x
      ON x.city = p.city AND x.pledge_id = p.pledge_id AND x.year = p.year AND x.funding_source = p.funding_source
    WHERE p.phase = 'term'
      AND ($city_lo IS NULL OR (p.city BETWEEN $city_lo AND $city_hi AND p.pledge_id BETWEEN $pledge_lo AND $pledge_hi))
      AND p.year BETWEEN year(CAST($day_lo AS DATE)) AND year(CAST($day_hi AS DATE))
    UNION ALL
    SELECT y.city, y.pledge_id, 'term', y.year, y.funding_source, NULL, y.records, y.amount_krw
    FROM yearly_totals y
    JOIN (SELECT DISTINCT city, pledge_id, year, funding_source FROM agg_delta WHERE source = 'executions') x
      ON x.city = y.city AND x.pledge_id = y.pledge_id AND x.year = y.year AND x.funding_source = y.funding_source
    WHERE y.source = 'executions'
      AND ($city_lo IS NULL OR (y.city BETWEEN $city_lo AND $city_hi AND y.pledge_id BETWEEN $pledge_lo AND $pledge_hi))
      AND y.year BETWEEN year(CAST($day_lo AS DATE)) AND year(CAST($day_hi AS DATE))
) r
GROUP BY city, pledge_id, phase, year, funding_source
