-- One target period (a year of a term), keyed by (term, period): a period already present keeps
-- its row. Params: $term TEXT, $period INTEGER, $label TEXT, $starts DATE, $ends DATE.
INSERT INTO periods (term, period, label, starts, ends) VALUES ($term, $period, $label, $starts, $ends)
ON CONFLICT DO NOTHING
