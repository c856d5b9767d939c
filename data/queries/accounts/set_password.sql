-- A new password (admin reset or the holder's change); clears the failures and the lock.
-- Params: $account_id INTEGER, $password_hash TEXT.
UPDATE accounts SET password_hash = $password_hash, failed_attempts = 0, locked_until = NULL
WHERE account_id = $account_id
