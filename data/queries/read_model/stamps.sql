-- What the read model (data/read_model.py) compares to learn which cities changed since its last
-- copy: per city, its imports (how many, the newest, how many undone) and its target revisions (how
-- many, the newest); and, for the whole store, the aggregates' rebuilds (python -m data aggregates
-- rebuild, logged in action_log). Every write that changes what the figures read is one of these:
-- an import or its undo (records, reported figures, cards with their statuses and the city's
-- rounding), a target revision (a planner's approved proposal, or an import of targets), a rebuild.
-- Read from the store's PostgreSQL database, attached as {pg}, in the copy's own transaction.
SELECT city, 'imports' AS part, count(*) AS n, coalesce(max(import_id), 0) AS newest, count(undone_at) AS undone
FROM {pg}.main.imports GROUP BY city
UNION ALL
SELECT city, 'revisions', count(*), coalesce(max(revision_id), 0), 0
FROM {pg}.main.target_revisions GROUP BY city
UNION ALL
SELECT NULL, 'rebuilds', count(*), coalesce(max(action_id), 0), 0
FROM {pg}.main.action_log WHERE action = 'rebuild' AND outcome = 'ok'
