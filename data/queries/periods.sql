-- The term's target periods.
SELECT period, label, starts, ends FROM periods ORDER BY period
