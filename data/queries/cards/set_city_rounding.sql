-- The rounding the city publishes its rates with (the card's optional city_rounding). Params: $city, $rounding.
INSERT INTO city_settings (city, rounding)
VALUES ($city, $rounding)
ON CONFLICT (city) DO UPDATE SET rounding = excluded.rounding
