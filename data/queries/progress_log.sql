-- The dated progress log (추진실적). Params: $city TEXT, $pledge_id TEXT.
SELECT ord, text, date_text, starts, ends, details
FROM progress_log
WHERE city = $city AND pledge_id = $pledge_id
ORDER BY ord
