-- A pending proposal for the same indicator × period, if any.
-- Params: $city TEXT, $pledge_id TEXT, $indicator_id TEXT, $period INTEGER.
SELECT proposal_id, proposed_by FROM target_proposals
WHERE city = $city AND pledge_id = $pledge_id AND indicator_id = $indicator_id AND period = $period
  AND state = 'pending'
ORDER BY proposal_id
LIMIT 1
