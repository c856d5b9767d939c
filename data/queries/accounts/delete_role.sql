-- Withdraw a role (the action_log keeps the change). Params: $account_id INTEGER, $role TEXT.
DELETE FROM account_roles WHERE account_id = $account_id AND role = $role
