-- Remove one pledge's rows of budget_grid (aggregates.refresh_card writes them again from its card
-- and yearly_totals). Params: $city TEXT, $pledge_id TEXT.
DELETE FROM budget_grid WHERE city = $city AND pledge_id = $pledge_id
