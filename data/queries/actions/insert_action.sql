-- One line of the append-only action log. Never a password or a hash in any column.
-- Params: $actor TEXT, $action TEXT, $target TEXT|NULL, $outcome TEXT, $detail TEXT|NULL.
INSERT INTO action_log (actor, action, target, outcome, detail)
VALUES ($actor, $action, $target, $outcome, $detail)
