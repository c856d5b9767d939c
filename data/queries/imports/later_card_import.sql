-- The first card import of the same pledge after $import_id, not undone. Params: $city, $pledge_id, $import_id.
SELECT min(import_id) FROM imports
WHERE kind = 'card' AND city = $city AND pledge_id = $pledge_id AND import_id > $import_id AND undone_at IS NULL
