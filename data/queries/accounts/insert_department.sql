-- A department added by an admin. Params: $city TEXT, $name TEXT.
INSERT INTO departments (city, name) VALUES ($city, $name)
