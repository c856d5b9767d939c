-- The natural keys repeated among the registered rows `incoming_rows` (asked when
-- imports/incoming_key_problems finds fewer distinct key hashes than rows). {key}: the record
-- kind's natural key (code, never user input). No params.
SELECT count(*) FROM (SELECT {key} FROM incoming_rows GROUP BY {key} HAVING count(*) > 1)
