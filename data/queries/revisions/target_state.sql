-- One indicator's card target for a period and its newest revision (NULL = none).
-- Params: $city TEXT, $pledge_id TEXT, $indicator_id TEXT, $period INTEGER.
SELECT t.target, (SELECT max(revision_id) FROM target_revisions r
                  WHERE r.city = i.city AND r.pledge_id = i.pledge_id AND r.indicator_id = i.indicator_id
                    AND r.period = $period) AS latest
FROM indicators i
LEFT JOIN indicator_targets t ON t.city = i.city AND t.pledge_id = i.pledge_id
     AND t.indicator_id = i.indicator_id AND t.period = $period
WHERE i.city = $city AND i.pledge_id = $pledge_id AND i.indicator_id = $indicator_id
