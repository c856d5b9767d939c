-- The synthetic target revisions, from the registered frame g_revisions. No params.
INSERT INTO target_revisions (city, pledge_id, indicator_id, period, previous_target, new_target,
                              based_on_revision, author, reason, revised_on)
SELECT city, pledge_id, indicator_id, period, previous_target, new_target, NULL, author, reason, revised_on
FROM g_revisions
