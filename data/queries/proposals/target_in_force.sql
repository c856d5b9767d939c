-- The card's target of an indicator × period and the newest revision of it (any date), with
-- that revision's target: what a proposal or an approval is checked against.
-- Params: $city TEXT, $pledge_id TEXT, $indicator_id TEXT, $period INTEGER.
SELECT t.target AS card_target, r.revision_id AS latest, r.new_target AS latest_target
FROM indicators i
LEFT JOIN indicator_targets t ON t.city = i.city AND t.pledge_id = i.pledge_id
     AND t.indicator_id = i.indicator_id AND t.period = $period
LEFT JOIN (SELECT revision_id, new_target FROM target_revisions
           WHERE city = $city AND pledge_id = $pledge_id AND indicator_id = $indicator_id AND period = $period
           ORDER BY revision_id DESC LIMIT 1) r ON TRUE
WHERE i.city = $city AND i.pledge_id = $pledge_id AND i.indicator_id = $indicator_id
