-- The indicator grid as the cards and the yearly totals give it (the one definition; migration 009
-- wrote the same for existing stores): every indicator × period of its pledge's term (pledge_terms,
-- periods), with the period's term, label, starts and ends, the indicator's source, the card's
-- target (original_target: indicator_targets) and, for record-based indicators, the records and
-- amounts (원) of its source in the period's calendar year (yearly_totals summed over funding
-- sources; NULL when the year has none). Params: $city TEXT|NULL, $pledge_id TEXT|NULL.
SELECT i.city, i.pledge_id, i.indicator_id, p.period, pt.term, p.label, p.starts, p.ends, i.source,
       t.target AS original_target, y.records AS year_records, y.amount_krw AS year_amount
FROM indicators i
JOIN pledge_terms pt ON pt.city = i.city AND pt.pledge_id = i.pledge_id
JOIN periods p ON p.term = pt.term
LEFT JOIN indicator_targets t
  ON t.city = i.city AND t.pledge_id = i.pledge_id AND t.indicator_id = i.indicator_id AND t.period = p.period
LEFT JOIN (
    SELECT city, pledge_id, source, year, CAST(sum(records) AS BIGINT) AS records, CAST(sum(amount_krw) AS BIGINT) AS amount_krw
    FROM yearly_totals
    WHERE ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
    GROUP BY city, pledge_id, source, year
) y ON y.city = i.city AND y.pledge_id = i.pledge_id AND y.source = i.source AND y.year = p.period
WHERE ($city IS NULL OR i.city = $city) AND ($pledge_id IS NULL OR i.pledge_id = $pledge_id)
