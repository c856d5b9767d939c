-- The daily aggregates as the records give them (the one definition; migration 006 wrote the
-- same for existing stores): per city × pledge × source × funding source × day, the number of
-- records and the sum of their amounts (원). Record dates: data.vocabulary.RECORD_DATE
-- (action_date, applied_on, visit_date, executed_on). No params.
SELECT city, pledge_id, 'publicity' AS source, '' AS funding_source, action_date AS day,
       count(*) AS records, CAST(0 AS BIGINT) AS amount_krw
FROM publicity GROUP BY city, pledge_id, action_date
UNION ALL
SELECT city, pledge_id, 'applications', '', applied_on, count(*), CAST(0 AS BIGINT)
FROM applications GROUP BY city, pledge_id, applied_on
UNION ALL
SELECT city, pledge_id, 'visits', '', visit_date, count(*), CAST(0 AS BIGINT)
FROM visits GROUP BY city, pledge_id, visit_date
UNION ALL
SELECT city, pledge_id, 'executions', funding_source, executed_on, count(*), sum(amount_krw)
FROM executions GROUP BY city, pledge_id, funding_source, executed_on
