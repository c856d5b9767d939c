-- The roles an account holds. Params: $account_id INTEGER.
SELECT role FROM account_roles WHERE account_id = $account_id ORDER BY role
