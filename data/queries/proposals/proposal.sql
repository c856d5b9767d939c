-- One proposal. Params: $proposal_id INTEGER.
SELECT p.proposal_id, p.city, p.pledge_id, p.indicator_id, p.period, p.previous_target, p.proposed_target,
       p.based_on_revision, p.proposed_by, coalesce(a.display_name, p.proposed_by) AS proposer_name,
       p.reason, p.effective_date, p.state
FROM target_proposals p
LEFT JOIN accounts a ON a.login = p.proposed_by
WHERE p.proposal_id = $proposal_id
