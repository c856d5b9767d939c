-- Every proposal with its decision (if any) and the indicator's name, newest first: the 감사
-- page and the planner's 승인 대기 list. Params: $city TEXT|NULL, $pledge_id TEXT|NULL, $state TEXT|NULL.
SELECT p.proposal_id, p.city, p.pledge_id, p.indicator_id, i.name AS indicator_name, p.period,
       p.previous_target, p.proposed_target, p.based_on_revision, p.proposed_by, p.reason,
       p.effective_date, p.proposed_at, p.state,
       d.decision, d.decided_by, d.body, d.decided_on, d.document_no, d.note, d.revision_id, d.decided_at
FROM target_proposals p
LEFT JOIN indicators i USING (city, pledge_id, indicator_id)
LEFT JOIN proposal_decisions d USING (proposal_id)
WHERE ($city IS NULL OR p.city = $city) AND ($pledge_id IS NULL OR p.pledge_id = $pledge_id)
  AND ($state IS NULL OR p.state = $state)
ORDER BY p.proposal_id DESC
