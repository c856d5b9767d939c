-- Every city code. No params.
SELECT city FROM cities ORDER BY city
