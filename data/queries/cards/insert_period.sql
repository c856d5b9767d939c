-- One target period (a year of a term). The periods table is global, keyed by year: a year
-- already present keeps its row. Params: $period INTEGER, $label TEXT, $starts DATE, $ends DATE.
INSERT INTO periods (period, label, starts, ends) VALUES ($period, $label, $starts, $ends)
ON CONFLICT DO NOTHING
