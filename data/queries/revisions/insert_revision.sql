-- Append one target revision. Params: one per column.
INSERT INTO target_revisions (city, pledge_id, indicator_id, period, previous_target, new_target,
                              based_on_revision, author, reason, revised_on)
VALUES ($city, $pledge_id, $indicator_id, $period, $previous_target, $new_target,
        $based_on_revision, $author, $reason, $revised_on)
RETURNING revision_id
