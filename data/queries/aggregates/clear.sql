-- Empty the aggregate tables (the rebuild writes them again from the records).
DELETE FROM daily_actuals;
DELETE FROM monthly_totals;
DELETE FROM yearly_totals
