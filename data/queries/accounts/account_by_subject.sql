-- The account bound to an OpenID Connect subject. Params: $oidc_subject TEXT.
SELECT account_id, login, display_name, department, disabled
FROM accounts
WHERE oidc_subject = $oidc_subject
