-- A cheap fingerprint of everything the figures depend on that users can change while the
-- app runs: imports (and their undo), target revisions and rebuilds of the aggregates (python -m
-- data aggregates rebuild, logged in action_log). The app keys its caches on it.
-- Counts as well as the newest ids: on PostgreSQL writers of different cities commit at the same
-- time (data/postgres.begin_write), so an import may commit after one with a higher id; the newest
-- id alone would then not change, the count does: every import adds a row to imports, every undo
-- marks one, every revision (an undone one too: it is reverted by another) adds a row to
-- target_revisions, and no row of either is ever deleted.
SELECT concat_ws('-',
    (SELECT coalesce(max(import_id), 0) FROM imports),
    (SELECT count(*) FROM imports WHERE undone_at IS NOT NULL),
    (SELECT coalesce(max(revision_id), 0) FROM target_revisions),
    (SELECT count(*) FROM pledges),
    (SELECT count(*) FROM action_log WHERE action = 'rebuild' AND outcome = 'ok'),
    (SELECT count(*) FROM imports),
    (SELECT count(*) FROM target_revisions)
) AS version
