-- The target revisions an import made. Params: $import_id INTEGER.
SELECT revision_id, city, pledge_id, indicator_id, period, previous_target, revised_on
FROM target_revisions WHERE import_id = $import_id ORDER BY revision_id
