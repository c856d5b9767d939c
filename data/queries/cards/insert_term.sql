-- A term (민선 N기) and its bounds; a term already present keeps its row.
-- Params: $term TEXT, $starts DATE, $ends DATE.
INSERT INTO terms (term, starts, ends) VALUES ($term, $starts, $ends)
ON CONFLICT DO NOTHING
