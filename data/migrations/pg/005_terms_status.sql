-- Schema version 5 for PostgreSQL: data/migrations/005_terms_status.sql with integer division
-- written '/' (PostgreSQL's '//' does not exist) and the same tables, view and data moves; run through
-- postgres_execute so that the view is a PostgreSQL view (DuckDB cannot create one in PostgreSQL).
-- Schema version 5: terms as data, and recorded statuses as a dated history (issue 12).
--
-- terms:          one row per elected term (민선 8기, 민선 9기, …): its first and last day.
-- periods:        keyed by (term, period): 2026 is a period of 민선 8기 (to 6-30) and of 민선 9기
--                 (from 7-01) with different bounds. Every query that joins periods joins on the
--                 pledge's term (pledge_terms).
-- pledges.term:   the term a pledge belongs to (NULL in stores written before: then its city's).
-- pledge_terms:   a view, every pledge with its term and the term's bounds (the pledge's own term,
--                 else the term whose bounds are its city's term_start/term_end).
-- status_history: the recorded 추진상황 with the date each took effect (pledges.status stays the
--                 newest one, as printed on the card); the status in force on a date is the newest
--                 row on or before it (data/queries/status_in_force.sql).
--
-- Stores written before this version: their cities' terms become rows of `terms`, named by the
-- 민선 numbering (the 2nd term began in 1998, one every four years since), and their periods
-- belong to the term that contains them.

CREATE TABLE terms (
    term    TEXT PRIMARY KEY,                    -- '민선 8기'
    starts  DATE NOT NULL CHECK (starts BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    ends    DATE NOT NULL CHECK (ends BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    CHECK (ends > starts)
);
INSERT INTO terms
SELECT DISTINCT '민선 ' || ((year(term_start) - 1998) / 4 + 2) || '기', term_start, term_end
FROM cities
ON CONFLICT DO NOTHING;

CREATE TABLE periods_new (
    term    TEXT NOT NULL,
    period  INTEGER NOT NULL CHECK (period BETWEEN 1990 AND 2100),
    label   TEXT NOT NULL,
    starts  DATE NOT NULL CHECK (starts BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    ends    DATE NOT NULL CHECK (ends BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    CHECK (ends >= starts AND year(starts) = period AND year(ends) = period),
    PRIMARY KEY (term, period)
);
INSERT INTO periods_new (term, period, label, starts, ends)
SELECT t.term, p.period, p.label, p.starts, p.ends
FROM periods p JOIN terms t ON p.starts >= t.starts AND p.ends <= t.ends
ON CONFLICT DO NOTHING;
DROP TABLE periods;
ALTER TABLE periods_new RENAME TO periods;

ALTER TABLE pledges ADD COLUMN term TEXT;
UPDATE pledges SET term = (
    SELECT t.term FROM cities c JOIN terms t ON t.starts = c.term_start AND t.ends = c.term_end
    WHERE c.city = pledges.city);

CREATE VIEW pledge_terms AS
SELECT p.city, p.pledge_id, t.term, t.starts AS term_start, t.ends AS term_end
FROM pledges p
JOIN cities c USING (city)
JOIN terms t ON t.term = p.term OR (p.term IS NULL AND t.starts = c.term_start AND t.ends = c.term_end);

CREATE TABLE status_history (
    city        TEXT NOT NULL,
    pledge_id   TEXT NOT NULL,
    status_on   DATE NOT NULL CHECK (status_on BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    status      TEXT NOT NULL,
    note        TEXT,
    PRIMARY KEY (city, pledge_id, status_on)
);
INSERT INTO status_history (city, pledge_id, status_on, status, note)
SELECT p.city, p.pledge_id, coalesce(p.status_date, p.printed_as_of, c.term_start), p.status, p.status_note
FROM pledges p JOIN cities c USING (city);
