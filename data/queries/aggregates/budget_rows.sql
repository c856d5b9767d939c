-- The budget grid as the cards and the yearly totals give it (the one definition; migration 009
-- wrote the same for existing stores): per pledge × phase × year × funding source with a plan row
-- (budget_plan) or executions in that calendar year (yearly_totals, phase 'term'): the planned
-- amount (백만원; the plan rows summed, NULL without one) and the year's execution records and
-- amounts (원; NULL without any). Params: $city TEXT|NULL, $pledge_id TEXT|NULL.
SELECT city, pledge_id, phase, year, funding_source, sum(planned) AS planned,
       CAST(sum(records) AS BIGINT) AS year_records, CAST(sum(amount_krw) AS BIGINT) AS year_amount
FROM (
    SELECT city, pledge_id, phase, year, funding_source, amount AS planned,
           CAST(NULL AS BIGINT) AS records, CAST(NULL AS BIGINT) AS amount_krw
    FROM budget_plan
    WHERE ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
    UNION ALL
    SELECT city, pledge_id, 'term', year, funding_source, NULL, records, amount_krw
    FROM yearly_totals
    WHERE source = 'executions'
      AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
) r
GROUP BY city, pledge_id, phase, year, funding_source
