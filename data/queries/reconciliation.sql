-- Record dates (applied_on, visit_date, action_date, executed_on, reported_on): data.vocabulary.RECORD_DATE;
-- tests/data/test_schema.py keeps every query over records in step with it.
-- Reported yearly actuals (newest report per indicator × period on or before $as_of) of
-- record-based indicators, beside the same figure counted from records up to the report's date
-- (read from the aggregates kept at write time: aggregates/up_to_report.sql). The reports:
-- reconciliation_reports.sql (metrics.engine.load_inputs runs this query only when there is one).
-- A report made in a later year than its period counts that year whole (aggregates/year_of_report.sql),
-- one made within it the months and days to its day (aggregates/up_to_report.sql).
-- Params: $as_of DATE, $city TEXT|NULL, $pledge_id TEXT|NULL, $since DATE|NULL, $day_from DATE|NULL,
-- $until DATE|NULL, $year_from INTEGER|NULL, $year_until INTEGER|NULL (the reports' bounds: the two
-- included files).
WITH rep AS (
    {{reconciliation_reports}}
)
SELECT r.city, r.pledge_id, r.indicator_id, r.period, r.reported, r.reported_on, r.note, r.source,
       CASE WHEN r.source = 'executions'
            THEN coalesce(CASE WHEN year(r.reported_on) > r.period
                               THEN (SELECT sum(y.amount_krw) {{aggregates/year_of_report}})
                               ELSE (SELECT sum(a.amount_krw) {{aggregates/up_to_report}}) END, 0) / 1e6
            ELSE coalesce(CASE WHEN year(r.reported_on) > r.period
                               THEN (SELECT sum(y.records) {{aggregates/year_of_report}})
                               ELSE (SELECT sum(a.records) {{aggregates/up_to_report}}) END, 0)
       END::DOUBLE AS from_records
FROM rep r
ORDER BY r.city, r.pledge_id, r.ord, r.period
