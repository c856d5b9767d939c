-- The terms (민선 N기) with their bounds and how many pledges each holds, newest first.
-- No params.
SELECT t.term, t.starts, t.ends, count(pt.pledge_id) AS pledges
FROM terms t
LEFT JOIN pledge_terms pt USING (term)
GROUP BY ALL
ORDER BY t.starts DESC
