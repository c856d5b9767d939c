-- Schema version 11: each pledge's record span, kept at write time (issue 13, the recompute's reads).
--
-- record_spans: per city × pledge with records: the number of its records (every record kind), the
--               sum of their amounts (원: the executions') and the first and the last day that has
--               records: yearly_totals summed over sources, funding sources and years (the one
--               definition: data/queries/aggregates/span_rows.sql). One row per pledge, so
--               pledges.sql joins a pledge's newest record day (data_until) instead of grouping every
--               yearly row (270,121 at 10M) by pledge on each read.
-- Kept in the same transaction as the yearly totals by every record import and undo
-- (data.aggregates.apply_import: delete_spans / insert_spans after insert_years), written whole by
-- `python -m data aggregates rebuild` and the synthetic generator, compared by `... check`.
-- No keys: derived rows, like the other aggregates (006, 008, 009).

CREATE TABLE record_spans (
    city       TEXT NOT NULL,
    pledge_id  TEXT NOT NULL,
    records    BIGINT NOT NULL CHECK (records > 0),
    amount_krw BIGINT NOT NULL CHECK (amount_krw >= 0),
    first_day  DATE NOT NULL,
    last_day   DATE NOT NULL
);

INSERT INTO record_spans (city, pledge_id, records, amount_krw, first_day, last_day)
SELECT city, pledge_id, CAST(sum(records) AS BIGINT), CAST(sum(amount_krw) AS BIGINT), min(first_day), max(last_day)
FROM yearly_totals
GROUP BY city, pledge_id
ORDER BY city, pledge_id;
