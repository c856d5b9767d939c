INSERT INTO indicator_targets (city, pledge_id, indicator_id, period, target)
VALUES ($city, $pledge_id, $indicator_id, $period, $target)
