-- The identity behind a login as the store has it now: its department, whether it is
-- disabled, and its roles (authority is checked against these, never against a cached copy).
-- Params: $login TEXT.
SELECT a.login, a.display_name, a.department, a.disabled,
       list(r.role ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL) AS roles
FROM accounts a
LEFT JOIN account_roles r USING (account_id)
WHERE a.login = $login
GROUP BY ALL
