-- Remove the record_spans rows of every pledge the delta touches (insert_spans sums them again
-- from the yearly totals); joined with the touched pledges, made distinct.
DELETE FROM record_spans
USING (SELECT DISTINCT city, pledge_id FROM agg_delta) x
WHERE x.city = record_spans.city AND x.pledge_id = record_spans.pledge_id
