-- How many enabled accounts hold the admin role (the first admin is created only when none).
SELECT count(*) FROM accounts a JOIN account_roles r USING (account_id)
WHERE r.role = 'admin' AND NOT a.disabled
