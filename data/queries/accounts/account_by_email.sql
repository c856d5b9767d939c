-- An account an admin created for an e-mail address, not yet bound to a subject.
-- Params: $email TEXT.
SELECT account_id, login, display_name, department, disabled
FROM accounts
WHERE email = $email AND oidc_subject IS NULL AND password_hash IS NULL
ORDER BY account_id
