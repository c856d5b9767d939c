-- The FROM … WHERE of a correlated sum over the aggregates of one reported figure r (period,
-- reported_on, source) of an indicator: the records of its source in year r.period up to r.reported_on —
-- whole months before the report's month from monthly_totals, its days from daily_actuals.
-- $since, $day_from and $until (optional) bound the rows of every report made within its period's year
-- as constants, so that on PostgreSQL the scans send only those rows across the wire
-- (metrics.engine._reconciliation: over such reports, 1 January of the earliest period, the first day of
-- the earliest report's month, the latest report's day; a report made in a later year is summed from
-- aggregates/year_of_report.sql instead).
-- Included by reconciliation.sql after `SELECT sum(a.<column>)`.
FROM (
    SELECT m.records, m.amount_krw FROM monthly_totals m
    WHERE m.city = r.city AND m.pledge_id = r.pledge_id AND m.source = r.source AND year(m.month) = r.period
      AND m.month < CAST(date_trunc('month', r.reported_on) AS DATE)
      AND ($since IS NULL OR m.month >= $since) AND ($until IS NULL OR m.month <= $until)
    UNION ALL
    SELECT d.records, d.amount_krw FROM daily_actuals d
    WHERE d.city = r.city AND d.pledge_id = r.pledge_id AND d.source = r.source AND year(d.day) = r.period
      AND d.day >= CAST(date_trunc('month', r.reported_on) AS DATE) AND d.day <= r.reported_on
      AND ($day_from IS NULL OR d.day >= $day_from) AND ($until IS NULL OR d.day <= $until)
) a
