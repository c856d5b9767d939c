-- Fill daily_actuals from the records (after aggregates/clear), in date order (migration 012: a day
-- range's rows then lie together and the reads at an as-of date skip the others).
INSERT INTO daily_actuals (city, pledge_id, source, funding_source, day, records, amount_krw)
SELECT city, pledge_id, source, funding_source, day, records, amount_krw
FROM ({{aggregates/from_records}}) r
ORDER BY day, city, pledge_id, source, funding_source
