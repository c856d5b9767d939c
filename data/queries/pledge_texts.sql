-- The card's text blocks: overview (현황 및 정책개요), plan (추진계획), effect (기대효과).
-- Params: $city TEXT, $pledge_id TEXT.
SELECT block, ord, level, label, text, note
FROM pledge_texts
WHERE city = $city AND pledge_id = $pledge_id
ORDER BY block, ord
