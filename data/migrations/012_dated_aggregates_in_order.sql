-- Schema version 12: on the embedded DuckDB file, the dated aggregates kept in date order (issue 13,
-- the figures at any as-of date): daily_actuals by day, monthly_totals by month.
--
-- Why: a read at an as-of date inside a year takes from these tables only the months and days of
-- that year on the short side of the date (data/queries/indicator_periods.sql, budget_by_year.sql,
-- aggregates/years_to_date.sql). DuckDB skips a row group whose smallest and largest date lie
-- outside the range (its zone map), which helps only when the rows of a month or a day range lie
-- together: written in key order, every row group of the national set (8.6 million daily rows at
-- 10M records) spanned the whole term and each such read scanned them all.
-- Kept: `python -m data aggregates rebuild` and the synthetic generator write both tables in date
-- order (aggregates/rebuild_daily.sql, rebuild_months.sql); an import appends the days it touches,
-- which lie together. No key, index or view reads their order: only the speed depends on it.
-- PostgreSQL reads them through its own plans: the block below is DuckDB's only
-- (data/dialect.py), PostgreSQL runs `SELECT 1`.

-- @duckdb: both tables written again in date order
CREATE TEMP TABLE daily_in_order AS SELECT * FROM daily_actuals;
DELETE FROM daily_actuals;
INSERT INTO daily_actuals (city, pledge_id, source, funding_source, day, records, amount_krw)
SELECT city, pledge_id, source, funding_source, day, records, amount_krw
FROM daily_in_order
ORDER BY day, city, pledge_id, source, funding_source;
DROP TABLE daily_in_order;

CREATE TEMP TABLE months_in_order AS SELECT * FROM monthly_totals;
DELETE FROM monthly_totals;
INSERT INTO monthly_totals (city, pledge_id, source, funding_source, month, records, amount_krw, first_day, last_day)
SELECT city, pledge_id, source, funding_source, month, records, amount_krw, first_day, last_day
FROM months_in_order
ORDER BY month, city, pledge_id, source, funding_source;
DROP TABLE months_in_order;
-- @end

SELECT 1;
