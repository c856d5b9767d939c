INSERT INTO progress_log (city, pledge_id, ord, text, date_text, starts, ends, details)
VALUES ($city, $pledge_id, $ord, $text, $date_text, $starts, $ends, $details)
