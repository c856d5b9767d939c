-- A city's term and name (the dates a record may carry). Params: $city TEXT.
SELECT term_start, term_end, name FROM cities WHERE city = $city
