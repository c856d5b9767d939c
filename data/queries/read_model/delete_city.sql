-- The read model's rows of one city in one table, dropped before that city's rows are copied again.
-- Params: $city TEXT.
DELETE FROM main.{table} WHERE city = $city
