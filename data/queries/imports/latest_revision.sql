-- The newest revision of one target. Params: $city, $pledge_id, $indicator_id, $period.
SELECT max(revision_id) FROM target_revisions
WHERE city = $city AND pledge_id = $pledge_id AND indicator_id = $indicator_id AND period = $period
