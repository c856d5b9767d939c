-- The card file a pledge was built from. Params: $city TEXT, $pledge_id TEXT.
SELECT card_file FROM pledges WHERE city = $city AND pledge_id = $pledge_id
