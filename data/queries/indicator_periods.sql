-- Record dates (applied_on, visit_date, action_date, executed_on, reported_on): data.vocabulary.RECORD_DATE;
-- tests/data/test_schema.py keeps every query over records in step with it.
-- Actuals from records are read from the aggregates kept at write time (aggregates/years_to_date.sql:
-- yearly_totals less what lies after $as_of, the same counts and sums as the records give).
-- For every indicator × period of its pledge's term (with the period's term, label, starts and ends): the card's target (당초 목표), the target in force on
-- $as_of (targets_in_force.sql: the newest revision on or before it, else the card's; joined to this
-- query's own grid, as current_targets.sql joins it to its grid), and the actual to $as_of (from records, or the
-- newest reported figure on or before $as_of). Actual is NULL for periods not yet begun.
-- Params: $as_of DATE, $city TEXT|NULL, $pledge_id TEXT|NULL.
WITH ind AS (
    SELECT i.city, i.pledge_id, i.indicator_id, i.source, pt.term
    FROM indicators i
    JOIN pledge_terms pt USING (city, pledge_id)
    WHERE ($city IS NULL OR i.city = $city) AND ($pledge_id IS NULL OR i.pledge_id = $pledge_id)
),
grid AS (
    SELECT i.*, p.period, p.label, p.starts, p.ends
    FROM ind i JOIN periods p ON p.term = i.term
),
in_force AS (
    {{targets_in_force}}
),
rec AS (
    SELECT city, pledge_id, source, year AS period,
           CASE WHEN source = 'executions' THEN sum(amount_krw) / 1e6 ELSE CAST(sum(records) AS DOUBLE) END AS value
    FROM ({{aggregates/years_to_date}}) a
    GROUP BY city, pledge_id, source, year
    HAVING sum(records) > 0
),
rep AS (
    SELECT city, pledge_id, indicator_id, period, arg_max(value, reported_on) AS value
    FROM reported_actuals
    WHERE reported_on <= $as_of
      AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
    GROUP BY ALL
)
SELECT g.city, g.pledge_id, g.indicator_id, g.period, g.term, g.label, g.starts, g.ends,
       f.original_target, f.target, f.revision_id,
       CASE
           WHEN g.starts > $as_of THEN NULL
           WHEN g.source = 'reported' THEN rep.value
           ELSE coalesce(rec.value, 0)
       END AS actual
FROM grid g
LEFT JOIN in_force f USING (city, pledge_id, indicator_id, period)
LEFT JOIN rec ON rec.city = g.city AND rec.pledge_id = g.pledge_id AND rec.source = g.source AND rec.period = g.period
LEFT JOIN rep ON rep.city = g.city AND rep.pledge_id = g.pledge_id AND rep.indicator_id = g.indicator_id AND rep.period = g.period
ORDER BY g.city, g.pledge_id, g.indicator_id, g.period
