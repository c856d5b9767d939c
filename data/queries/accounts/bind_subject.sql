-- Bind an OpenID Connect subject to the account created for its e-mail.
-- Params: $account_id INTEGER, $oidc_subject TEXT.
UPDATE accounts SET oidc_subject = $oidc_subject WHERE account_id = $account_id
