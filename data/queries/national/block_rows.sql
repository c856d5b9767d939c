-- The rows of the registered frame g_blocks for one record table, each block expanded to n rows;
-- day and other fields come from a multiplicative hash h of the ordinal (deterministic, no random()).
-- Included by the insert_<kind>.sql files. Params: $table TEXT, $salt INTEGER.
SELECT b.*, r.i, ((r.i * 2654435761 + b.block_id * 40503 + $salt) % 4294967296) AS h
FROM (SELECT * FROM g_blocks WHERE "table" = $table) b,
     LATERAL (SELECT unnest(range(b.n)) AS i) r
