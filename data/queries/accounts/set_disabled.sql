-- Disable or re-enable an account. Params: $account_id INTEGER, $disabled BOOLEAN.
UPDATE accounts SET disabled = $disabled WHERE account_id = $account_id
