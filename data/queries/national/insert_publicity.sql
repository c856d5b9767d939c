-- Synthetic publicity records. Params: $table TEXT, $salt INTEGER, $import_id INTEGER.
INSERT INTO publicity (city, pledge_id, publicity_id, action_date, channel, title, import_id)
SELECT city, pledge_id, 'SYN-H-' || block_id || '-' || i,
       starts + (h % data_days)::INTEGER,
       ['누리집', 'SNS', '문자', '보도자료', '현수막', '리플릿'][(h // 7919) % 6 + 1],
       '합성 홍보 ' || (i + 1), $import_id
FROM ({{national/block_rows}})
