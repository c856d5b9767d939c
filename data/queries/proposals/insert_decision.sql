-- The decision on a proposal. Params: $proposal_id INTEGER, $decided_by TEXT, $decision TEXT,
-- $body TEXT, $decided_on DATE, $document_no TEXT|NULL, $note TEXT|NULL, $revision_id INTEGER|NULL.
INSERT INTO proposal_decisions (proposal_id, decided_by, decision, body, decided_on, document_no, note, revision_id)
VALUES ($proposal_id, $decided_by, $decision, $body, $decided_on, $document_no, $note, $revision_id)
RETURNING decision_id
