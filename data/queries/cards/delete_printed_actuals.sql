-- The card's printed actuals of one pledge (reported_actuals rows noted as the card's).
-- Params: $city TEXT, $pledge_id TEXT, $note TEXT.
DELETE FROM reported_actuals WHERE city = $city AND pledge_id = $pledge_id AND note = $note
