-- A pending target-change proposal; returns its id.
-- Params: $city TEXT, $pledge_id TEXT, $indicator_id TEXT, $period INTEGER, $previous_target DOUBLE|NULL,
-- $proposed_target DOUBLE|NULL, $based_on_revision INTEGER|NULL, $proposed_by TEXT, $reason TEXT,
-- $effective_date DATE.
INSERT INTO target_proposals (city, pledge_id, indicator_id, period, previous_target, proposed_target,
                              based_on_revision, proposed_by, reason, effective_date)
VALUES ($city, $pledge_id, $indicator_id, $period, $previous_target, $proposed_target,
        $based_on_revision, $proposed_by, $reason, $effective_date)
RETURNING proposal_id
