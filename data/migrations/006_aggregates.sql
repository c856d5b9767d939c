-- Schema version 6: aggregates kept at write time (issue 13).
--
-- The records (applications, visits, publicity, executions) stay the source of truth; these two
-- tables hold what the figures need from them, kept up to date by every import and undo IN THE
-- SAME TRANSACTION (data/aggregates.py), filled by the build and the synthetic generator, and
-- recomputed or compared by `python -m data aggregates rebuild|check`.
--
-- daily_actuals:  per city × pledge × source (record kind) × funding source × day: the number of
--                 records and the sum of their amounts (원; executions only, 0 for the others).
--                 funding_source is '' for the kinds without one. Exact for any as-of date.
-- monthly_totals: the same per calendar month (month = its first day), with the first and the
--                 last day that has records: whole months before the as-of month are read from
--                 here, the as-of month from daily_actuals (data/queries/aggregates/to_date.sql).
--                 The newest record date of a pledge (pledges.data_until) is max(last_day).
-- No keys: derived rows, written only by data/aggregates.py (delete and insert the touched keys).
-- Plain SQL: the same text runs on DuckDB and, through DuckDB's postgres extension, on PostgreSQL.

CREATE TABLE daily_actuals (
    city           TEXT NOT NULL,
    pledge_id      TEXT NOT NULL,
    source         TEXT NOT NULL,
    funding_source TEXT NOT NULL,
    day            DATE NOT NULL,
    records        BIGINT NOT NULL CHECK (records > 0),
    amount_krw     BIGINT NOT NULL CHECK (amount_krw >= 0)
);

CREATE TABLE monthly_totals (
    city           TEXT NOT NULL,
    pledge_id      TEXT NOT NULL,
    source         TEXT NOT NULL,
    funding_source TEXT NOT NULL,
    month          DATE NOT NULL,
    records        BIGINT NOT NULL CHECK (records > 0),
    amount_krw     BIGINT NOT NULL CHECK (amount_krw >= 0),
    first_day      DATE NOT NULL,
    last_day       DATE NOT NULL
);

INSERT INTO daily_actuals (city, pledge_id, source, funding_source, day, records, amount_krw)
SELECT city, pledge_id, 'publicity', '', action_date, count(*), 0
FROM publicity GROUP BY city, pledge_id, action_date
UNION ALL
SELECT city, pledge_id, 'applications', '', applied_on, count(*), 0
FROM applications GROUP BY city, pledge_id, applied_on
UNION ALL
SELECT city, pledge_id, 'visits', '', visit_date, count(*), 0
FROM visits GROUP BY city, pledge_id, visit_date
UNION ALL
SELECT city, pledge_id, 'executions', funding_source, executed_on, count(*), sum(amount_krw)
FROM executions GROUP BY city, pledge_id, funding_source, executed_on;

INSERT INTO monthly_totals (city, pledge_id, source, funding_source, month, records, amount_krw, first_day, last_day)
SELECT city, pledge_id, source, funding_source, CAST(date_trunc('month', day) AS DATE),
       sum(records), sum(amount_krw), min(day), max(day)
FROM daily_actuals
GROUP BY city, pledge_id, source, funding_source, CAST(date_trunc('month', day) AS DATE);
