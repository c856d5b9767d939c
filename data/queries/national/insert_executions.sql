-- Synthetic executions (원): each block's total split over its n rows.
-- Params: $table TEXT, $salt INTEGER, $import_id INTEGER.
INSERT INTO executions (city, pledge_id, execution_id, executed_on, amount_krw, funding_source, description, import_id)
SELECT city, pledge_id, 'SYN-E-' || block_id || '-' || i,
       starts + (h % data_days)::INTEGER,
       total_krw // n + CASE WHEN i < total_krw % n THEN 1 ELSE 0 END,
       string_split(sources, ',')[i % len(string_split(sources, ',')) + 1],
       '합성 집행', $import_id
FROM ({{national/block_rows}})
