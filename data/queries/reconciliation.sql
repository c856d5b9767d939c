-- Record dates (applied_on, visit_date, action_date, executed_on, reported_on): data.vocabulary.RECORD_DATE;
-- tests/data/test_schema.py keeps every query over records in step with it.
-- Reported yearly actuals (newest report per indicator × period on or before $as_of) of
-- record-based indicators, beside the same figure counted from records up to the report's date
-- (read from the aggregates kept at write time: aggregates/up_to_report.sql). The reports are joined with
-- the record-based indicators before they are grouped: most reports are of reported indicators.
-- Params: $as_of DATE, $city TEXT|NULL, $pledge_id TEXT|NULL.
WITH rep AS (
    SELECT a.city, a.pledge_id, a.indicator_id, a.period,
           arg_max(a.value, a.reported_on) AS reported, max(a.reported_on) AS reported_on,
           arg_max(a.note, a.reported_on) AS note, any_value(i.source) AS source, any_value(i.ord) AS ord
    FROM reported_actuals a
    JOIN indicators i ON i.city = a.city AND i.pledge_id = a.pledge_id AND i.indicator_id = a.indicator_id
    WHERE a.reported_on <= $as_of AND i.source <> 'reported'
      AND ($city IS NULL OR a.city = $city) AND ($pledge_id IS NULL OR a.pledge_id = $pledge_id)
      AND ($city IS NULL OR i.city = $city) AND ($pledge_id IS NULL OR i.pledge_id = $pledge_id)
    GROUP BY a.city, a.pledge_id, a.indicator_id, a.period
)
SELECT r.city, r.pledge_id, r.indicator_id, r.period, r.reported, r.reported_on, r.note, r.source,
       CASE WHEN r.source = 'executions'
            THEN coalesce((SELECT sum(a.amount_krw) {{aggregates/up_to_report}}), 0) / 1e6
            ELSE coalesce((SELECT sum(a.records) {{aggregates/up_to_report}}), 0)
       END::DOUBLE AS from_records
FROM rep r
ORDER BY r.city, r.pledge_id, r.ord, r.period
