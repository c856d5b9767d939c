-- The pledges of a city. Params: $city TEXT.
SELECT pledge_id FROM pledges WHERE city = $city
