-- The consistency check: every stored aggregate row that differs from what the records give
-- (a missing, extra or different row, a duplicated key), per day (daily_actuals), per month
-- (monthly_totals) and per year (yearly_totals), the last two with their first and last day, per
-- pledge (record_spans, level 'span', source '기록': at_date its first day), and
-- every indicator_grid row that differs from aggregates/grid_rows.sql (level 'indicator', with its
-- indicator_id and its year's records and amounts; a card value such as the target or the label
-- counts too), and every budget_grid row that differs from aggregates/budget_rows.sql (level
-- 'budget', with its phase and funding source, its year's execution records and amounts; the
-- planned amount counts too). `at_date` is the day, the month or the year's first day (NULL for
-- a plan row before or after the term).
-- Params: $city TEXT|NULL, $pledge_id TEXT|NULL (grid_rows' own; left NULL: every row).
WITH expected AS ({{aggregates/from_records}}),
expected_grid AS ({{aggregates/grid_rows}}),
expected_budget AS ({{aggregates/budget_rows}}),
stored_budget AS (
    SELECT city, pledge_id, phase, year, funding_source, min(planned) AS planned, min(year_records) AS year_records,
           min(year_amount) AS year_amount, count(*) AS copies
    FROM budget_grid GROUP BY city, pledge_id, phase, year, funding_source
),
stored_grid AS (
    SELECT city, pledge_id, indicator_id, period, min(term) AS term, min(label) AS label, min(starts) AS starts,
           min(ends) AS ends, min(source) AS source, min(original_target) AS original_target,
           min(year_records) AS year_records, min(year_amount) AS year_amount, count(*) AS copies
    FROM indicator_grid GROUP BY city, pledge_id, indicator_id, period
),
stored AS (
    SELECT city, pledge_id, source, funding_source, day, sum(records) AS records, sum(amount_krw) AS amount_krw,
           count(*) AS copies
    FROM daily_actuals GROUP BY city, pledge_id, source, funding_source, day
),
expected_months AS (
    SELECT city, pledge_id, source, funding_source, CAST(date_trunc('month', day) AS DATE) AS month,
           sum(records) AS records, sum(amount_krw) AS amount_krw, min(day) AS first_day, max(day) AS last_day
    FROM expected GROUP BY city, pledge_id, source, funding_source, CAST(date_trunc('month', day) AS DATE)
),
expected_years AS (
    SELECT city, pledge_id, source, funding_source, year(month) AS year, sum(records) AS records,
           sum(amount_krw) AS amount_krw, min(first_day) AS first_day, max(last_day) AS last_day
    FROM expected_months GROUP BY city, pledge_id, source, funding_source, year(month)
),
stored_years AS (
    SELECT city, pledge_id, source, funding_source, year, sum(records) AS records, sum(amount_krw) AS amount_krw,
           min(first_day) AS first_day, max(last_day) AS last_day, count(*) AS copies
    FROM yearly_totals GROUP BY city, pledge_id, source, funding_source, year
),
expected_spans AS (
    SELECT city, pledge_id, sum(records) AS records, sum(amount_krw) AS amount_krw,
           min(first_day) AS first_day, max(last_day) AS last_day
    FROM expected_years GROUP BY city, pledge_id
),
stored_spans AS (
    SELECT city, pledge_id, sum(records) AS records, sum(amount_krw) AS amount_krw,
           min(first_day) AS first_day, max(last_day) AS last_day, count(*) AS copies
    FROM record_spans GROUP BY city, pledge_id
),
stored_months AS (
    SELECT city, pledge_id, source, funding_source, month, sum(records) AS records, sum(amount_krw) AS amount_krw,
           min(first_day) AS first_day, max(last_day) AS last_day, count(*) AS copies
    FROM monthly_totals GROUP BY city, pledge_id, source, funding_source, month
)
SELECT 'day' AS level, coalesce(s.city, e.city) AS city, coalesce(s.pledge_id, e.pledge_id) AS pledge_id,
       coalesce(s.source, e.source) AS source, coalesce(s.funding_source, e.funding_source) AS funding_source,
       coalesce(s.day, e.day) AS at_date, s.records AS stored_records, s.amount_krw AS stored_amount,
       e.records AS expected_records, e.amount_krw AS expected_amount, coalesce(s.copies, 0) AS copies,
       CAST(NULL AS TEXT) AS indicator_id, CAST(NULL AS TEXT) AS phase
FROM stored s
FULL OUTER JOIN expected e
  ON s.city = e.city AND s.pledge_id = e.pledge_id AND s.source = e.source AND s.funding_source = e.funding_source
 AND s.day = e.day
WHERE s.records IS DISTINCT FROM e.records OR s.amount_krw IS DISTINCT FROM e.amount_krw OR s.copies > 1
UNION ALL
SELECT 'month', coalesce(s.city, e.city), coalesce(s.pledge_id, e.pledge_id), coalesce(s.source, e.source),
       coalesce(s.funding_source, e.funding_source), coalesce(s.month, e.month), s.records, s.amount_krw,
       e.records, e.amount_krw, coalesce(s.copies, 0), NULL, NULL
FROM stored_months s
FULL OUTER JOIN expected_months e
  ON s.city = e.city AND s.pledge_id = e.pledge_id AND s.source = e.source AND s.funding_source = e.funding_source
 AND s.month = e.month
WHERE s.records IS DISTINCT FROM e.records OR s.amount_krw IS DISTINCT FROM e.amount_krw OR s.copies > 1
   OR s.first_day IS DISTINCT FROM e.first_day OR s.last_day IS DISTINCT FROM e.last_day
UNION ALL
SELECT 'year', coalesce(s.city, e.city), coalesce(s.pledge_id, e.pledge_id), coalesce(s.source, e.source),
       coalesce(s.funding_source, e.funding_source), make_date(coalesce(s.year, e.year), 1, 1), s.records, s.amount_krw,
       e.records, e.amount_krw, coalesce(s.copies, 0), NULL, NULL
FROM stored_years s
FULL OUTER JOIN expected_years e
  ON s.city = e.city AND s.pledge_id = e.pledge_id AND s.source = e.source AND s.funding_source = e.funding_source
 AND s.year = e.year
WHERE s.records IS DISTINCT FROM e.records OR s.amount_krw IS DISTINCT FROM e.amount_krw OR s.copies > 1
   OR s.first_day IS DISTINCT FROM e.first_day OR s.last_day IS DISTINCT FROM e.last_day
UNION ALL
SELECT 'span', coalesce(s.city, e.city), coalesce(s.pledge_id, e.pledge_id), '기록', '',
       coalesce(s.first_day, e.first_day), s.records, s.amount_krw, e.records, e.amount_krw, coalesce(s.copies, 0),
       NULL, NULL
FROM stored_spans s
FULL OUTER JOIN expected_spans e ON s.city = e.city AND s.pledge_id = e.pledge_id
WHERE s.records IS DISTINCT FROM e.records OR s.amount_krw IS DISTINCT FROM e.amount_krw OR s.copies > 1
   OR s.first_day IS DISTINCT FROM e.first_day OR s.last_day IS DISTINCT FROM e.last_day
UNION ALL
SELECT 'indicator', coalesce(s.city, e.city), coalesce(s.pledge_id, e.pledge_id), coalesce(s.source, e.source), '',
       make_date(coalesce(s.period, e.period), 1, 1), s.year_records, s.year_amount, e.year_records, e.year_amount,
       coalesce(s.copies, 0), coalesce(s.indicator_id, e.indicator_id), NULL
FROM stored_grid s
FULL OUTER JOIN expected_grid e
  ON s.city = e.city AND s.pledge_id = e.pledge_id AND s.indicator_id = e.indicator_id AND s.period = e.period
WHERE s.copies IS NULL OR e.city IS NULL OR s.copies > 1
   OR s.term IS DISTINCT FROM e.term OR s.label IS DISTINCT FROM e.label OR s.starts IS DISTINCT FROM e.starts
   OR s.ends IS DISTINCT FROM e.ends OR s.source IS DISTINCT FROM e.source
   OR s.original_target IS DISTINCT FROM e.original_target
   OR s.year_records IS DISTINCT FROM e.year_records OR s.year_amount IS DISTINCT FROM e.year_amount
UNION ALL
SELECT 'budget', coalesce(s.city, e.city), coalesce(s.pledge_id, e.pledge_id), 'executions',
       coalesce(s.funding_source, e.funding_source), make_date(coalesce(s.year, e.year), 1, 1),
       s.year_records, s.year_amount, e.year_records, e.year_amount, coalesce(s.copies, 0), NULL,
       coalesce(s.phase, e.phase)
FROM stored_budget s
FULL OUTER JOIN expected_budget e
  ON s.city = e.city AND s.pledge_id = e.pledge_id AND s.phase = e.phase AND s.year IS NOT DISTINCT FROM e.year
 AND s.funding_source = e.funding_source
WHERE s.copies IS NULL OR e.city IS NULL OR s.copies > 1 OR s.planned IS DISTINCT FROM e.planned
   OR s.year_records IS DISTINCT FROM e.year_records OR s.year_amount IS DISTINCT FROM e.year_amount
ORDER BY level, city, pledge_id, source, funding_source, indicator_id, at_date
