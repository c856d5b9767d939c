-- Fill daily_actuals from the records (after aggregates/clear).
INSERT INTO daily_actuals (city, pledge_id, source, funding_source, day, records, amount_krw)
SELECT city, pledge_id, source, funding_source, day, records, amount_krw
FROM ({{aggregates/from_records}}) r
