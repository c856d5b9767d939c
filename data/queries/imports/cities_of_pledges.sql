-- The cities that hold any of the pledge ids. Params: $ids TEXT[].
SELECT DISTINCT city FROM pledges WHERE list_contains($ids, pledge_id) ORDER BY city
