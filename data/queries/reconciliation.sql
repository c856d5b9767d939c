-- Record dates (applied_on, visit_date, action_date, executed_on, reported_on): data.vocabulary.RECORD_DATE;
-- tests/data/test_schema.py keeps every query over records in step with it.
-- Reported yearly actuals (newest report per indicator × period on or before $as_of) of
-- record-based indicators, beside the same figure counted from records up to the report's date.
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
       CASE i.source
           WHEN 'publicity' THEN (SELECT count(*) FROM publicity x WHERE x.city = r.city AND x.pledge_id = r.pledge_id
                                  AND year(x.action_date) = r.period AND x.action_date <= r.reported_on)
           WHEN 'applications' THEN (SELECT count(*) FROM applications x WHERE x.city = r.city AND x.pledge_id = r.pledge_id
                                  AND year(x.applied_on) = r.period AND x.applied_on <= r.reported_on)
           WHEN 'visits' THEN (SELECT count(*) FROM visits x WHERE x.city = r.city AND x.pledge_id = r.pledge_id
                                  AND year(x.visit_date) = r.period AND x.visit_date <= r.reported_on)
           WHEN 'executions' THEN (SELECT coalesce(sum(amount_krw), 0) / 1e6 FROM executions x WHERE x.city = r.city
                                  AND x.pledge_id = r.pledge_id AND year(x.executed_on) = r.period AND x.executed_on <= r.reported_on)
       END::DOUBLE AS from_records
FROM rep r
JOIN indicators i USING (city, pledge_id, indicator_id)
WHERE i.source <> 'reported'
ORDER BY r.city, r.pledge_id, i.ord, r.period
