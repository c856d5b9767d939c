-- One city's rows of one table copied from the store (the filter goes to PostgreSQL, which answers
-- it from the table's index by city and pledge: migration 013), in {order}: the dated aggregates
-- by their date, as migration 012 keeps them in the store's file. {columns}: the copy's columns
-- (read_model/columns.sql), named on both sides.
-- Params: $city TEXT.
INSERT INTO {table} ({columns}) SELECT {columns} FROM {pg}.main.{table} WHERE city = $city ORDER BY {order}
