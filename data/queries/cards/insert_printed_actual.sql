-- A yearly actual printed on the card, kept as a reported actual noted as the card's.
INSERT INTO reported_actuals (city, pledge_id, indicator_id, period, value, reported_on, note, import_id)
VALUES ($city, $pledge_id, $indicator_id, $period, $value, $reported_on, $note, NULL)
