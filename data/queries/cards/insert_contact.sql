INSERT INTO contacts (city, pledge_id, ord, role, name, phone)
VALUES ($city, $pledge_id, $ord, $role, $name, $phone)
