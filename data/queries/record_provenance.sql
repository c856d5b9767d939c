-- Where one pledge's records come from: per kind, the rows and how many are synthetic
-- (from an import flagged synthetic, or with an id starting DEMO-). Params: $city, $pledge_id.
WITH rows AS (
    SELECT 'publicity' AS kind, publicity_id AS record_id, import_id FROM publicity WHERE city = $city AND pledge_id = $pledge_id
    UNION ALL SELECT 'applications', application_id, import_id FROM applications WHERE city = $city AND pledge_id = $pledge_id
    UNION ALL SELECT 'visits', visit_id, import_id FROM visits WHERE city = $city AND pledge_id = $pledge_id
    UNION ALL SELECT 'executions', execution_id, import_id FROM executions WHERE city = $city AND pledge_id = $pledge_id
)
SELECT r.kind, count(*) AS records,
       count(*) FILTER (WHERE coalesce(i.synthetic, FALSE) OR r.record_id LIKE 'DEMO-%') AS synthetic_records
FROM rows r
LEFT JOIN imports i USING (import_id)
GROUP BY r.kind
ORDER BY r.kind
