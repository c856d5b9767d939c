-- The FROM … WHERE of a correlated sum over the yearly aggregates of one reported figure r made in a
-- later year than its period (a printed card's figure of an earlier year): the records of its source in
-- year r.period, whole (what aggregates/up_to_report.sql sums from the months for such a report, read
-- from one row per funding source). $year_from and $year_until (optional) bound the years as constants
-- (metrics.engine._reconciliation: the earliest and the latest period of such reports).
-- Included by reconciliation.sql after `SELECT sum(y.<column>)`.
FROM yearly_totals y
WHERE y.city = r.city AND y.pledge_id = r.pledge_id AND y.source = r.source AND y.year = r.period
  AND ($year_from IS NULL OR y.year >= $year_from) AND ($year_until IS NULL OR y.year <= $year_until)
