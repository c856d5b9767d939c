-- A revision that puts back the target a revision replaced. Params: $revision_id, $author, $reason.
INSERT INTO target_revisions (city, pledge_id, indicator_id, period, previous_target, new_target,
                              based_on_revision, author, reason, revised_on)
SELECT city, pledge_id, indicator_id, period, new_target, previous_target, revision_id, $author, $reason, revised_on
FROM target_revisions WHERE revision_id = $revision_id
