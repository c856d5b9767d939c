-- Delete one pledge's rows from one card table (the table comes from data.cards.CARD_TABLES,
-- never from user input). Params: $city TEXT, $pledge_id TEXT.
DELETE FROM {table} WHERE city = $city AND pledge_id = $pledge_id
