-- Every account with its roles, for the admin page and `python -m data account list`.
-- Never the hash: only whether the account signs in with a password.
SELECT a.account_id, a.login, a.display_name, a.department, a.email,
       a.password_hash IS NOT NULL AS has_password, a.oidc_subject IS NOT NULL AS oidc_bound,
       a.failed_attempts, a.locked_until, a.disabled, a.created_at,
       coalesce(string_agg(r.role, ',' ORDER BY r.role), '') AS roles
FROM accounts a
LEFT JOIN account_roles r USING (account_id)
GROUP BY ALL
ORDER BY a.login
