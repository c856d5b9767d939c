-- The stored visits of the people in the registered frame `incoming_people` (pledge_id, person_id).
-- Params: $city TEXT.
SELECT v.pledge_id, v.person_id, v.application_id, v.visit_date, v.visit_id
FROM visits v JOIN incoming_people p USING (pledge_id, person_id)
WHERE v.city = $city
