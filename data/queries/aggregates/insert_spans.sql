-- Sum the yearly totals of every pledge the delta touches into record_spans again (after
-- insert_years: a pledge left with no record has no row; as aggregates/span_rows.sql sums them).
INSERT INTO record_spans (city, pledge_id, records, amount_krw, first_day, last_day)
SELECT y.city, y.pledge_id, CAST(sum(y.records) AS BIGINT), CAST(sum(y.amount_krw) AS BIGINT),
       min(y.first_day), max(y.last_day)
FROM yearly_totals y
JOIN (SELECT DISTINCT city, pledge_id FROM agg_delta) x ON x.city = y.city AND x.pledge_id = y.pledge_id
GROUP BY y.city, y.pledge_id
