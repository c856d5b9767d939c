-- One dated 추진상황 of a pledge (status_history). Params: $city TEXT, $pledge_id TEXT,
-- $status_on DATE, $status TEXT, $note TEXT.
INSERT INTO status_history (city, pledge_id, status_on, status, note)
VALUES ($city, $pledge_id, $status_on, $status, $note)
