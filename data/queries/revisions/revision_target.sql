-- The target a revision set. Params: $revision_id INTEGER.
SELECT new_target FROM target_revisions WHERE revision_id = $revision_id
