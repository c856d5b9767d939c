INSERT INTO indicators (city, pledge_id, indicator_id, ord, name, unit, source, cap, weight, description, printed_rate)
VALUES ($city, $pledge_id, $indicator_id, $ord, $name, $unit, $source, $cap, $weight, $description, $printed_rate)
