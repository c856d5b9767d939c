-- Whether a pledge is in the store. Params: $city TEXT, $pledge_id TEXT.
SELECT count(*) FROM pledges WHERE city = $city AND pledge_id = $pledge_id
