-- A cheap fingerprint of everything the figures depend on that users can change while the
-- app runs: imports (and their undo), target revisions and rebuilds of the aggregates (python -m
-- data aggregates rebuild, logged in action_log). The app keys its caches on it.
-- Counts, not the newest numbers: on PostgreSQL writers of different cities commit at the same time
-- (data/postgres.begin_write), so an import may commit after one with a higher number, which the
-- newest number would not show. Every import adds a row to imports, every undo marks one, every
-- revision (an undone one too: it is reverted by another) adds a row to target_revisions, and no row
-- of either is ever deleted: each commit raises a count, and what a reader sees only grows.
SELECT concat_ws('-',
    (SELECT count(*) FROM imports),
    (SELECT count(*) FROM imports WHERE undone_at IS NOT NULL),
    (SELECT count(*) FROM target_revisions),
    (SELECT count(*) FROM pledges),
    (SELECT count(*) FROM action_log WHERE action = 'rebuild' AND outcome = 'ok')
) AS version
