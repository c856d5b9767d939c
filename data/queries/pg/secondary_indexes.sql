-- The indexes of schema {schema} that back no constraint (migration 013's: the primary keys and
-- unique keys stay), with the statement that makes each again: data/build.copy_to_postgres drops
-- them before it copies a store in and makes them again after (one sort per index instead of one
-- entry per copied row). PostgreSQL dialect, run through postgres_query; {schema}: a code
-- constant, checked as an identifier by the caller.
SELECT i.indexname, i.indexdef
FROM pg_indexes i
WHERE i.schemaname = '{schema}'
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                  WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
ORDER BY i.indexname
