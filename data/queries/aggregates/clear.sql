-- Empty the aggregate tables (the rebuild writes them again from the records and the cards).
DELETE FROM daily_actuals;
DELETE FROM monthly_totals;
DELETE FROM yearly_totals;
DELETE FROM record_spans;
DELETE FROM indicator_grid;
DELETE FROM budget_grid
