-- Whether a department is known: named on a card (pledges.department) or added by an admin.
-- Params: $name TEXT.
SELECT EXISTS (SELECT 1 FROM pledges WHERE department = $name)
    OR EXISTS (SELECT 1 FROM departments WHERE name = $name)
