-- One pledge's recorded 추진상황 history, oldest first. Params: $city TEXT, $pledge_id TEXT.
SELECT status_on, status, note FROM status_history
WHERE city = $city AND pledge_id = $pledge_id
ORDER BY status_on
