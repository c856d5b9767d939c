-- The terms' target periods, keyed by (term, period): 2026 is a period of 민선 8기 and of 민선 9기.
-- Params: $term TEXT|NULL (one term's periods; NULL = every term's).
SELECT term, period, label, starts, ends FROM periods
WHERE ($term IS NULL OR term = $term)
ORDER BY starts, term
