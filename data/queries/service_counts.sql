-- What the service delivered for one pledge up to $as_of (optionally within year $year):
-- applications, approved applications, applications served (≥ 1 visit), visits, hours.
-- Params: $as_of DATE, $city TEXT, $pledge_id TEXT, $year INTEGER|NULL.
WITH app AS (
    SELECT * FROM applications
    WHERE city = $city AND pledge_id = $pledge_id AND applied_on <= $as_of
      AND ($year IS NULL OR year(applied_on) = $year)
),
vis AS (
    SELECT * FROM visits
    WHERE city = $city AND pledge_id = $pledge_id AND visit_date <= $as_of
      AND ($year IS NULL OR year(visit_date) = $year)
)
SELECT (SELECT count(*) FROM app) AS applications,
       (SELECT count(*) FROM app WHERE decision = '승인') AS approved,
       (SELECT count(DISTINCT application_id) FROM vis) AS served,
       (SELECT count(*) FROM vis) AS visits,
       (SELECT coalesce(sum(hours), 0) FROM vis) AS hours
