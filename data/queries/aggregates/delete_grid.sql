-- Remove one pledge's rows of indicator_grid (aggregates.refresh_card writes them again from its
-- card, or leaves none when the card is gone). Params: $city TEXT, $pledge_id TEXT.
DELETE FROM indicator_grid WHERE city = $city AND pledge_id = $pledge_id
