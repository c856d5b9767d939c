-- The action log, newest first, for auditors. Params: $actor TEXT|NULL, $action TEXT|NULL.
SELECT action_id, acted_at, actor, action, target, outcome, detail
FROM action_log
WHERE ($actor IS NULL OR actor = $actor) AND ($action IS NULL OR action = $action)
ORDER BY action_id DESC
