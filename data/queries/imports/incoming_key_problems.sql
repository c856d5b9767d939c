-- What the DuckDB file's record tables no longer enforce with key indexes (migration 010),
-- checked on the registered rows `incoming_rows` inside the import's transaction, before the
-- insert, in one scan of the rows: how many of their natural keys may repeat (rows minus
-- distinct key hashes: a repeat, or, rarely, two keys with one hash; imports/incoming_repeated_keys
-- then counts exactly), their cities not in `cities`, their import ids not in `imports`.
-- {key}: the record kind's natural key (city, pledge_id, <record id>; code, never user input).
-- No params. (Keys already in the table are left out by the insert's anti-join.)
WITH incoming AS MATERIALIZED (
    SELECT count(*) - count(DISTINCT hash({key})) AS maybe_repeated, list(DISTINCT city) AS cities,
           list(DISTINCT import_id) FILTER (WHERE import_id IS NOT NULL) AS import_ids
    FROM incoming_rows)
SELECT (SELECT count(*) FROM (SELECT unnest(cities) AS city FROM incoming) i
        WHERE NOT EXISTS (SELECT 1 FROM cities c WHERE c.city = i.city)) AS unknown_cities,
       (SELECT count(*) FROM (SELECT unnest(import_ids) AS import_id FROM incoming) i
        WHERE NOT EXISTS (SELECT 1 FROM imports m WHERE m.import_id = i.import_id)) AS unknown_imports,
       (SELECT maybe_repeated FROM incoming) AS maybe_repeated
