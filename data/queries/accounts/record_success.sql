-- A successful sign-in clears the failures and the lock; a rehash (new Argon2 parameters)
-- replaces the hash. Params: $account_id INTEGER, $password_hash TEXT.
UPDATE accounts SET failed_attempts = 0, locked_until = NULL, password_hash = $password_hash
WHERE account_id = $account_id
