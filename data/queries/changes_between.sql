-- What moved the figures between two dates (보고 기간의 변경 내역): per import, its records dated
-- after $since and on or before $as_of (the records that changed the actuals between the two
-- as-of dates; undone imports have no rows left), and every target revision taking effect in that
-- window (revised_on after $since, on or before $as_of).
-- One row per (import, pledge) of records, per (import, pledge, indicator) of reported figures
-- (reported_actuals; import_id NULL = the card's printed figures) or per revision;
-- kind = 'records' | 'reported' | 'target_revision'.
-- Params: $since DATE, $as_of DATE, $city TEXT|NULL, $pledge_id TEXT|NULL.
WITH rec AS (
    SELECT * FROM (
        SELECT import_id, city, pledge_id, NULL::TEXT AS indicator_id, action_date AS d FROM publicity
        UNION ALL SELECT import_id, city, pledge_id, NULL, applied_on FROM applications
        UNION ALL SELECT import_id, city, pledge_id, NULL, visit_date FROM visits
        UNION ALL SELECT import_id, city, pledge_id, NULL, executed_on FROM executions
        UNION ALL SELECT import_id, city, pledge_id, indicator_id, reported_on FROM reported_actuals
    ) AS dated
    WHERE d > $since AND d <= $as_of
      AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
),
by_import AS (
    SELECT import_id, city, pledge_id, indicator_id, count(*) AS records, min(d) AS first_date, max(d) AS last_date
    FROM rec GROUP BY ALL
)
SELECT CASE WHEN b.indicator_id IS NULL THEN 'records' ELSE 'reported' END AS kind, b.city, b.pledge_id, b.indicator_id, b.last_date AS on_date,
       b.import_id, i.kind AS import_kind, i.file_name, i.imported_at, i.imported_by,
       b.records, b.first_date, b.last_date,
       NULL::BIGINT AS revision_id, NULL::INTEGER AS period, NULL::DOUBLE AS previous_target,
       NULL::DOUBLE AS new_target, NULL::TEXT AS author, NULL::TEXT AS reason
FROM by_import b
LEFT JOIN imports i USING (import_id)
UNION ALL
SELECT 'target_revision', r.city, r.pledge_id, r.indicator_id, r.revised_on,
       r.import_id, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL,
       r.revision_id, r.period, r.previous_target, r.new_target, r.author, r.reason
FROM target_revisions r
WHERE r.revised_on > $since AND r.revised_on <= $as_of
  AND ($city IS NULL OR r.city = $city) AND ($pledge_id IS NULL OR r.pledge_id = $pledge_id)
ORDER BY on_date, kind, import_id, revision_id
