-- PostgreSQL dialect, run through postgres_execute (data/build.copy_to_postgres): after rows were
-- copied with their ids, move every sequence used as a column default of the current schema
-- past the largest id of its column, so that the next insert draws a new one. No params.
DO $$
DECLARE r record;
BEGIN
    FOR r IN
        SELECT c.relname AS table_name, a.attname AS column_name,
               substring(pg_get_expr(d.adbin, d.adrelid) FROM 'nextval\(''([^'']+)''') AS seq
        FROM pg_attrdef d
        JOIN pg_class c ON c.oid = d.adrelid
        JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
        WHERE c.relnamespace = current_schema()::regnamespace
          AND pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%'
    LOOP
        EXECUTE format('SELECT setval(%L, coalesce((SELECT max(%I) FROM %I), 0) + 1, false)',
                       current_schema() || '.' || r.seq, r.column_name, r.table_name);
    END LOOP;
END $$;
