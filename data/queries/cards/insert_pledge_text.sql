-- One line of a card text block. Params: one per column.
INSERT INTO pledge_texts (city, pledge_id, block, ord, level, label, text, note)
VALUES ($city, $pledge_id, $block, $ord, $level, $label, $text, $note)
