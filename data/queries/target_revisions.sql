-- The target revision history (목표 변경 이력), newest first, with the indicator's name.
-- Params: $city TEXT|NULL, $pledge_id TEXT|NULL.
SELECT r.revision_id, r.city, r.pledge_id, r.indicator_id, i.name AS indicator_name, r.period,
       r.previous_target, r.new_target, r.based_on_revision, r.author, r.reason, r.revised_on, r.recorded_at
FROM target_revisions r
JOIN indicators i USING (city, pledge_id, indicator_id)
WHERE ($city IS NULL OR r.city = $city) AND ($pledge_id IS NULL OR r.pledge_id = $pledge_id)
ORDER BY r.revision_id DESC
