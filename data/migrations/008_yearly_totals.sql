-- Schema version 8: the aggregates kept at write time, per year too (issue 13, the recompute's reads).
--
-- yearly_totals: per city × pledge × source (record kind) × funding source × calendar year: the
--                number of records, the sum of their amounts (원; 0 for the kinds without one) and
--                the first and the last day that has records. The monthly_totals of that year
--                summed; kept with them by every import and undo in the same transaction
--                (data/aggregates.py), rebuilt and compared by `python -m data aggregates rebuild|check`.
--                The recompute reads whole years from here and subtracts what lies after the as-of
--                date (data/queries/aggregates/years_to_date.sql): about a tenth of the monthly
--                rows; a pledge's newest record date (pledges.data_until) is max(last_day).
-- No keys: derived rows, like daily_actuals and monthly_totals (006). year() is DuckDB's and,
-- on PostgreSQL, the function migration 001 defines.

CREATE TABLE yearly_totals (
    city           TEXT NOT NULL,
    pledge_id      TEXT NOT NULL,
    source         TEXT NOT NULL,
    funding_source TEXT NOT NULL,
    year           INTEGER NOT NULL,
    records        BIGINT NOT NULL CHECK (records > 0),
    amount_krw     BIGINT NOT NULL CHECK (amount_krw >= 0),
    first_day      DATE NOT NULL,
    last_day       DATE NOT NULL
);

INSERT INTO yearly_totals (city, pledge_id, source, funding_source, year, records, amount_krw, first_day, last_day)
SELECT city, pledge_id, source, funding_source, year(month), sum(records), sum(amount_krw), min(first_day), max(last_day)
FROM monthly_totals
GROUP BY city, pledge_id, source, funding_source, year(month)
ORDER BY city, pledge_id, source, funding_source, year(month);
