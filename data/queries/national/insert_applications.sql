-- Synthetic applications (all approved: data.vocabulary.Decision.APPROVED).
-- Params: $table TEXT, $salt INTEGER, $import_id INTEGER.
INSERT INTO applications (city, pledge_id, application_id, applied_on, person_id, emd, pregnancy_week, due_date,
                          decision, import_id)
SELECT city, pledge_id, 'SYN-A-' || block_id || '-' || i,
       starts + (h % data_days)::INTEGER,
       'SYN-P-' || city_no || '-' || ((h // 7919) % 50000),
       ['가동', '나동', '다동', '라면', '마읍'][(h // 104729) % 5 + 1], NULL, NULL, '승인', $import_id
FROM ({{national/block_rows}})
