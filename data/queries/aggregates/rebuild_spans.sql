-- Fill record_spans from yearly_totals (after aggregates/rebuild_years).
-- Params: $city TEXT|NULL, $pledge_id TEXT|NULL (span_rows' own; left NULL: every pledge).
INSERT INTO record_spans (city, pledge_id, records, amount_krw, first_day, last_day)
SELECT city, pledge_id, records, amount_krw, first_day, last_day
FROM ({{aggregates/span_rows}}) s
ORDER BY city, pledge_id
