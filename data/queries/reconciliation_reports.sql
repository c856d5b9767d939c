-- The reported yearly actuals of record-based indicators (the newest report per indicator × period on
-- or before $as_of), with the indicator's source and card order: the reports reconciliation.sql sets
-- beside the records. Run alone first by metrics.engine.load_inputs: when there is none (a store whose
-- reports are all of reported indicators, e.g. the national data set) reconciliation.sql is not run,
-- since on PostgreSQL its sums over the aggregates pull monthly_totals and daily_actuals whole across
-- the wire (1.65 s of a 1.75 s load at 1M records). The reports are joined with the record-based
-- indicators before they are grouped: most reports are of reported indicators.
-- Params: $as_of DATE, $city TEXT|NULL, $pledge_id TEXT|NULL.
SELECT a.city, a.pledge_id, a.indicator_id, a.period,
       arg_max(a.value, a.reported_on) AS reported, max(a.reported_on) AS reported_on,
       arg_max(a.note, a.reported_on) AS note, any_value(i.source) AS source, any_value(i.ord) AS ord
FROM reported_actuals a
JOIN indicators i ON i.city = a.city AND i.pledge_id = a.pledge_id AND i.indicator_id = a.indicator_id
WHERE a.reported_on <= $as_of AND i.source <> 'reported'
  AND ($city IS NULL OR a.city = $city) AND ($pledge_id IS NULL OR a.pledge_id = $pledge_id)
  AND ($city IS NULL OR i.city = $city) AND ($pledge_id IS NULL OR i.pledge_id = $pledge_id)
GROUP BY a.city, a.pledge_id, a.indicator_id, a.period
ORDER BY a.city, a.pledge_id, ord, a.period
