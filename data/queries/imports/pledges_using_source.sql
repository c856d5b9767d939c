-- The pledges of a city with an indicator counted from one kind of record. Params: $city TEXT, $source TEXT.
SELECT DISTINCT pledge_id FROM indicators WHERE city = $city AND source = $source
