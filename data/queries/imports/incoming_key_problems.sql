-- What the DuckDB file's record tables no longer enforce with key indexes (migration 010),
-- checked on the registered rows `incoming_rows` inside the import's transaction, before the
-- insert: cities not in `cities`, import ids not in `imports`, natural keys repeated in the
-- rows themselves. {key}: the record kind's natural key (city, pledge_id, <record id>; code,
-- never user input). No params. (Keys already in the table are left out by the insert's anti-join.)
SELECT
    (SELECT count(*) FROM (SELECT DISTINCT city FROM incoming_rows) i
     WHERE NOT EXISTS (SELECT 1 FROM cities c WHERE c.city = i.city)) AS unknown_cities,
    (SELECT count(*) FROM (SELECT DISTINCT import_id FROM incoming_rows) i
     WHERE i.import_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM imports m WHERE m.import_id = i.import_id)) AS unknown_imports,
    (SELECT count(*) FROM (SELECT {key} FROM incoming_rows GROUP BY {key} HAVING count(*) > 1)) AS repeated_keys
