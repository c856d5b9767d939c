-- The schedule's milestones (연차별 추진일정), as quarters. Params: $city TEXT, $pledge_id TEXT.
SELECT ord, name, start_quarter, end_quarter, done_quarter
FROM milestones
WHERE city = $city AND pledge_id = $pledge_id
ORDER BY ord
