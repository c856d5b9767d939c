-- Schema version 9: the indicator × period grid and the budget grid kept at write time (issue 13, the
-- recompute's reads).
--
-- indicator_grid: every indicator × period of its pledge's term, with what does not depend on the
--                 as-of date: the period's term, label, starts and ends, the indicator's source,
--                 the card's target (original_target) and, for record-based indicators, the records
--                 and amounts (원) of its source in the period's calendar year (yearly_totals summed
--                 over funding sources; NULL when that year has no record).
--                 indicator_periods.sql reads it instead of building the grid (indicators ×
--                 pledge_terms × periods, the card targets, the yearly actuals grouped: three hash
--                 joins and a grouping of every yearly row, every time); it only subtracts what of
--                 the as-of year lies after the as-of date and joins the revisions and reported
--                 figures in force.
-- budget_grid:    per pledge × phase × year × funding source with a plan row or executions in that
--                 year: the planned amount (budget_plan summed, NULL without a plan row) and the year's
--                 execution records and amounts (원; NULL without any). budget_by_year.sql reads it
--                 instead of grouping every plan row with every yearly execution row on each read.
-- Both kept in the same transaction as what they are made of: a card's rows by data/cards.py (insert_card
-- and delete_card call data.aggregates.refresh_card), the yearly actuals by every record import and
-- undo (data.aggregates.apply_import, after yearly_totals); written whole by the synthetic generator
-- and `python -m data aggregates rebuild`, compared by `... check` (data/queries/aggregates/grid_rows.sql
-- and budget_rows.sql are the definitions; this migration writes the same for existing stores).
-- No keys: derived rows, like the other aggregates (006, 008).

CREATE TABLE indicator_grid (
    city            TEXT NOT NULL,
    pledge_id       TEXT NOT NULL,
    indicator_id    TEXT NOT NULL,
    period          INTEGER NOT NULL,
    term            TEXT NOT NULL,
    label           TEXT NOT NULL,
    starts          DATE NOT NULL,
    ends            DATE NOT NULL,
    source          TEXT NOT NULL,
    original_target DOUBLE,
    year_records    BIGINT,
    year_amount     BIGINT
);

INSERT INTO indicator_grid (city, pledge_id, indicator_id, period, term, label, starts, ends, source, original_target,
                            year_records, year_amount)
SELECT i.city, i.pledge_id, i.indicator_id, p.period, pt.term, p.label, p.starts, p.ends, i.source,
       t.target, y.records, y.amount_krw
FROM indicators i
JOIN pledge_terms pt ON pt.city = i.city AND pt.pledge_id = i.pledge_id
JOIN periods p ON p.term = pt.term
LEFT JOIN indicator_targets t
  ON t.city = i.city AND t.pledge_id = i.pledge_id AND t.indicator_id = i.indicator_id AND t.period = p.period
LEFT JOIN (
    SELECT city, pledge_id, source, year, CAST(sum(records) AS BIGINT) AS records, CAST(sum(amount_krw) AS BIGINT) AS amount_krw
    FROM yearly_totals
    GROUP BY city, pledge_id, source, year
) y ON y.city = i.city AND y.pledge_id = i.pledge_id AND y.source = i.source AND y.year = p.period
ORDER BY i.city, i.pledge_id, i.indicator_id, p.period;

CREATE TABLE budget_grid (
    city           TEXT NOT NULL,
    pledge_id      TEXT NOT NULL,
    phase          TEXT NOT NULL,
    year           INTEGER,
    funding_source TEXT NOT NULL,
    planned        DOUBLE,
    year_records   BIGINT,
    year_amount    BIGINT
);

INSERT INTO budget_grid (city, pledge_id, phase, year, funding_source, planned, year_records, year_amount)
SELECT city, pledge_id, phase, year, funding_source, sum(planned), CAST(sum(records) AS BIGINT), CAST(sum(amount_krw) AS BIGINT)
FROM (
    SELECT city, pledge_id, phase, year, funding_source, amount AS planned,
           CAST(NULL AS BIGINT) AS records, CAST(NULL AS BIGINT) AS amount_krw
    FROM budget_plan
    UNION ALL
    SELECT city, pledge_id, 'term', year, funding_source, NULL, records, amount_krw
    FROM yearly_totals
    WHERE source = 'executions'
) r
GROUP BY city, pledge_id, phase, year, funding_source
ORDER BY city, pledge_id, phase, year NULLS FIRST, funding_source;
