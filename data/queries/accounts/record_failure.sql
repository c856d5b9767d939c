-- A failed sign-in: the count of failures since the last success, and the lock when reached.
-- Params: $account_id INTEGER, $failed_attempts INTEGER, $locked_until TIMESTAMP|NULL.
UPDATE accounts SET failed_attempts = $failed_attempts, locked_until = $locked_until
WHERE account_id = $account_id
