-- A new account (created by an admin, or the first admin by the CLI); returns its id.
-- Params: $login TEXT, $display_name TEXT, $password_hash TEXT|NULL, $oidc_subject TEXT|NULL,
-- $email TEXT|NULL, $department TEXT|NULL.
INSERT INTO accounts (login, display_name, password_hash, oidc_subject, email, department)
VALUES ($login, $display_name, $password_hash, $oidc_subject, $email, $department)
RETURNING account_id
