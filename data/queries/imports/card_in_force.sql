-- The YAML of a pledge's latest card import not undone. Params: $city TEXT, $pledge_id TEXT.
SELECT content FROM imports
WHERE kind = 'card' AND city = $city AND pledge_id = $pledge_id AND undone_at IS NULL
ORDER BY import_id DESC LIMIT 1
