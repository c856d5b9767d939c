-- The card's header fields. Params: one per column.
INSERT INTO pledges (city, pledge_id, title, area_no, area_name, strategy_no, item_no, completion, implementer,
                     novelty, budget_type, required_budget, status, status_date, status_note, policy_goal,
                     department, team, rate_note, milestones_note, investment_program, printed_as_of,
                     printed_rate, printed_execution_total, card_file, synthetic, term)
VALUES ($city, $pledge_id, $title, $area_no, $area_name, $strategy_no, $item_no, $completion, $implementer,
        $novelty, $budget_type, $required_budget, $status, $status_date, $status_note, $policy_goal,
        $department, $team, $rate_note, $milestones_note, $investment_program, $printed_as_of,
        $printed_rate, $printed_execution_total, $card_file, $synthetic, $term)
