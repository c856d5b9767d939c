-- A pending proposal becomes approved or rejected (its decision row says by whom and why).
-- Params: $proposal_id INTEGER, $state TEXT.
UPDATE target_proposals SET state = $state WHERE proposal_id = $proposal_id AND state = 'pending'
