-- Record dates (applied_on, visit_date, action_date, executed_on, reported_on): data.vocabulary.RECORD_DATE;
-- tests/data/test_schema.py keeps every query over records in step with it.
-- Reported yearly actuals (newest report per indicator × period on or before $as_of) of
-- record-based indicators, beside the same figure counted from records up to the report's date
-- (read from the aggregates kept at write time: aggregates/up_to_report.sql).
-- Params: $as_of DATE, $city TEXT|NULL, $pledge_id TEXT|NULL.
WITH rep AS (
    SELECT city, pledge_id, indicator_id, period,
           arg_max(value, reported_on) AS reported, max(reported_on) AS reported_on,
           arg_max(note, reported_on) AS note
    FROM reported_actuals
    WHERE reported_on <= $as_of
      AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
    GROUP BY ALL
)
SELECT r.city, r.pledge_id, r.indicator_id, r.period, r.reported, r.reported_on, r.note, i.source,
       CASE WHEN i.source = 'executions'
            THEN coalesce((SELECT sum(a.amount_krw) {{aggregates/up_to_report}}), 0) / 1e6
            ELSE coalesce((SELECT sum(a.records) {{aggregates/up_to_report}}), 0)
       END::DOUBLE AS from_records
FROM rep r
JOIN indicators i USING (city, pledge_id, indicator_id)
WHERE i.source <> 'reported'
ORDER BY r.city, r.pledge_id, i.ord, r.period
