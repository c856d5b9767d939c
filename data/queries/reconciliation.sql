-- Record dates (applied_on, visit_date, action_date, executed_on, reported_on): data.vocabulary.RECORD_DATE;
-- tests/data/test_schema.py keeps every query over records in step with it.
-- Reported yearly actuals (newest report per indicator × period on or before $as_of) of
-- record-based indicators, beside the same figure counted from records up to the report's date
-- (read from the aggregates kept at write time: aggregates/up_to_report.sql). The reports:
-- reconciliation_reports.sql (metrics.engine.load_inputs runs this query only when there is one).
-- Params: $as_of DATE, $city TEXT|NULL, $pledge_id TEXT|NULL, $since DATE|NULL, $day_from DATE|NULL,
-- $until DATE|NULL (bounds of the reports' rows: aggregates/up_to_report.sql).
WITH rep AS (
    {{reconciliation_reports}}
)
SELECT r.city, r.pledge_id, r.indicator_id, r.period, r.reported, r.reported_on, r.note, r.source,
       CASE WHEN r.source = 'executions'
            THEN coalesce((SELECT sum(a.amount_krw) {{aggregates/up_to_report}}), 0) / 1e6
            ELSE coalesce((SELECT sum(a.records) {{aggregates/up_to_report}}), 0)
       END::DOUBLE AS from_records
FROM rep r
ORDER BY r.city, r.pledge_id, r.ord, r.period
