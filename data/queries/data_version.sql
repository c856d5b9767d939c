-- A cheap fingerprint of everything the figures depend on that users can change while the
-- app runs: imports (and their undo), target revisions and rebuilds of the aggregates (python -m
-- data aggregates rebuild, logged in action_log). The app keys its caches on it.
SELECT concat_ws('-',
    (SELECT coalesce(max(import_id), 0) FROM imports),
    (SELECT count(*) FROM imports WHERE undone_at IS NOT NULL),
    (SELECT coalesce(max(revision_id), 0) FROM target_revisions),
    (SELECT count(*) FROM pledges),
    (SELECT count(*) FROM action_log WHERE action = 'rebuild' AND outcome = 'ok')
) AS version
