-- Schema version 7 for PostgreSQL: the same plain SQL as data/migrations/007_city_rounding.sql, run natively
-- through postgres_execute (a table with a CHECK constraint created by PostgreSQL itself).
-- Schema version 7: the rounding each city publishes its rates with, as data (issue 11).
--
-- city_settings.rounding: 'half_up' (반올림, the default for a city without a row) or 'cut' (버림:
--                 Naju publishes truncated rates, 66 of 98 → 67.34%). Set from the card's optional
--                 `city_rounding` field (data/cards.py); read by the pledges and pledge_list queries
--                 (column `rounding`) and used by the public pages (ui/public.py).
-- A table of its own rather than a column of `cities`: DuckDB cannot add a column with a CHECK to
-- an existing table, and `cities` is the parent of every foreign key (recreating it would mean
-- recreating every table). Stores written before: Naju's row is added here (its published rule).

CREATE TABLE city_settings (
    city     TEXT PRIMARY KEY REFERENCES cities (city),
    rounding TEXT NOT NULL DEFAULT 'half_up' CHECK (rounding IN ('half_up', 'cut'))
);
INSERT INTO city_settings (city, rounding)
SELECT city, 'cut' FROM cities WHERE city = 'naju';
