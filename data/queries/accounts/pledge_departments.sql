-- The department owning each pledge (pledges.department), for department scope.
-- Params: $city TEXT|NULL.
SELECT city, pledge_id, department FROM pledges
WHERE ($city IS NULL OR city = $city)
ORDER BY city, pledge_id
