-- Synthetic service visits. Params: $table TEXT, $salt INTEGER, $import_id INTEGER.
INSERT INTO visits (city, pledge_id, visit_id, application_id, person_id, visit_date, hours, service, import_id)
SELECT city, pledge_id, 'SYN-V-' || block_id || '-' || i, NULL,
       'SYN-P-' || city_no || '-' || ((h // 7919) % 50000),
       starts + (h % data_days)::INTEGER, 2 + (h // 104729) % 3,
       ['청소', '세탁', '정리수납'][(h // 15485863) % 3 + 1], $import_id
FROM ({{national/block_rows}})
