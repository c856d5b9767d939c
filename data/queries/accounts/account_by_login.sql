-- One account by its login, with the hash (for verification only; never shown or logged).
-- Params: $login TEXT.
SELECT account_id, login, display_name, password_hash, oidc_subject, email, department,
       failed_attempts, locked_until, disabled
FROM accounts
WHERE login = $login
