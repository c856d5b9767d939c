-- A record table's keys as the import keeps them (the DuckDB file has no key indexes on the
-- record tables since migration 010): natural keys stored more than once, rows of a city not in
-- `cities`, rows of an import not in `imports`. {table}: a record kind; {key}: its natural key
-- (code, never user input). No params.
SELECT
    (SELECT count(*) FROM (SELECT {key} FROM {table} GROUP BY {key} HAVING count(*) > 1)) AS repeated_keys,
    (SELECT count(*) FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM cities c WHERE c.city = t.city)) AS unknown_cities,
    (SELECT count(*) FROM {table} t
     WHERE t.import_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM imports m WHERE m.import_id = t.import_id)) AS unknown_imports
