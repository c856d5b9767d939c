-- A city's name and the span of its pledges' terms (the dates a record may carry; the city's
-- own term when it has no pledge yet). Params: $city TEXT.
SELECT coalesce(min(pt.term_start), c.term_start) AS term_start, coalesce(max(pt.term_end), c.term_end) AS term_end,
       c.name
FROM cities c
LEFT JOIN pledge_terms pt USING (city)
WHERE c.city = $city
GROUP BY c.term_start, c.term_end, c.name
