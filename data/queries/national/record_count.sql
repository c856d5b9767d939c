-- All records: applications, visits, publicity, executions and reported actuals. No params.
SELECT (SELECT count(*) FROM applications) + (SELECT count(*) FROM visits) + (SELECT count(*) FROM publicity)
       + (SELECT count(*) FROM executions) + (SELECT count(*) FROM reported_actuals)
