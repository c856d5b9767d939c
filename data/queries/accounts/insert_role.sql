-- Grant a role. Params: $account_id INTEGER, $role TEXT, $granted_by TEXT.
INSERT INTO account_roles (account_id, role, granted_by) VALUES ($account_id, $role, $granted_by)
