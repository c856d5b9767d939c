-- Set the yearly records and amounts of the indicator_grid rows of every year the delta touches
-- from yearly_totals again (after insert_years; a year left with no record: NULL). Joined with the
-- touched years, made distinct (as insert_years).
UPDATE indicator_grid
SET year_records = x.records, year_amount = x.amount_krw
FROM (
    SELECT k.city, k.pledge_id, k.source, k.year, CAST(sum(y.records) AS BIGINT) AS records,
           CAST(sum(y.amount_krw) AS BIGINT) AS amount_krw
    FROM (SELECT DISTINCT city, pledge_id, source, year FROM agg_delta) k
    LEFT JOIN yearly_totals y ON y.city = k.city AND y.pledge_id = k.pledge_id AND y.source = k.source AND y.year = k.year
    GROUP BY k.city, k.pledge_id, k.source, k.year
) x
WHERE indicator_grid.city = x.city AND indicator_grid.pledge_id = x.pledge_id
  AND indicator_grid.source = x.source AND indicator_grid.period = x.year
