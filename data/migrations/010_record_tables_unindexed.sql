-- Schema version 10: on the embedded DuckDB file, the four bulk record tables (applications,
-- visits, publicity, executions) without their primary-key and foreign-key indexes (issue 13,
-- the import rate). Every column, type, NOT NULL, DEFAULT and CHECK stays.
--
-- Why: DuckDB keeps a primary key and each foreign key as an ART index, and inserting into it
-- and merging it at COMMIT was most of an import's write (100,000 applications: 0.8-1.2 s of
-- CPU with the keys, 0.2-0.3 s without). What the keys guaranteed is now checked by the one
-- writer, the import (data/imports/kinds.py, data/queries/imports/), as set-based SQL inside
-- the import's transaction, under the store's write lock (data/store.WRITE_LOCK: one writer
-- at a time in the process that holds the file):
--   (city, pledge_id, <record id>) unique: rows whose natural key is stored are left out by an
--     anti-join; a file's own repeated keys are refused by the import's check, and counted
--     again in the transaction before the insert;
--   city -> cities, import_id -> imports: the incoming rows joined with both (none missing).
-- `python -m metrics import` and the upload page are the only writers of these tables besides
-- the build and the national generator, which write keys unique by construction.
-- reported_actuals keeps its keys (small, and the card writer adds printed actuals to it).
--
-- PostgreSQL keeps every key and constraint (many writers; its indexes are not the import's
-- cost there): the block below is DuckDB's only (data/dialect.py), PostgreSQL runs `SELECT 1`.
-- DuckDB cannot drop a constraint (no ALTER TABLE DROP CONSTRAINT): each table is created
-- again, filled in its order, the old one dropped and the new one renamed (as 005 did for
-- periods). No view reads these tables.

-- @duckdb: the record tables rebuilt without their key indexes
CREATE TABLE applications_new (        -- 신청
    city TEXT NOT NULL, pledge_id TEXT NOT NULL,
    application_id TEXT NOT NULL,
    applied_on DATE NOT NULL CHECK (applied_on BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    person_id TEXT NOT NULL,           -- pseudonymous
    emd TEXT,                          -- 읍·면·동
    pregnancy_week INTEGER CHECK (pregnancy_week BETWEEN 0 AND 45),   -- week of pregnancy on the application date
    due_date DATE CHECK (due_date BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    decision TEXT NOT NULL DEFAULT '승인',   -- 승인 | 부적격 | 취소
    import_id INTEGER
);
INSERT INTO applications_new (city, pledge_id, application_id, applied_on, person_id, emd, pregnancy_week, due_date,
                              decision, import_id)
SELECT city, pledge_id, application_id, applied_on, person_id, emd, pregnancy_week, due_date, decision, import_id
FROM applications;
DROP TABLE applications;
ALTER TABLE applications_new RENAME TO applications;

CREATE TABLE visits_new (              -- 서비스 제공
    city TEXT NOT NULL, pledge_id TEXT NOT NULL,
    visit_id TEXT NOT NULL,
    application_id TEXT,
    person_id TEXT NOT NULL,
    visit_date DATE NOT NULL CHECK (visit_date BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    hours DOUBLE NOT NULL CHECK (isfinite(hours) AND hours > 0),
    service TEXT,                      -- 청소·세탁·정리수납
    import_id INTEGER
);
INSERT INTO visits_new (city, pledge_id, visit_id, application_id, person_id, visit_date, hours, service, import_id)
SELECT city, pledge_id, visit_id, application_id, person_id, visit_date, hours, service, import_id
FROM visits;
DROP TABLE visits;
ALTER TABLE visits_new RENAME TO visits;

CREATE TABLE publicity_new (           -- 홍보
    city TEXT NOT NULL, pledge_id TEXT NOT NULL,
    publicity_id TEXT NOT NULL,
    action_date DATE NOT NULL CHECK (action_date BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    channel TEXT,                      -- 누리집 | SNS | 문자 | 보도자료 | 현수막 | 리플릿
    title TEXT,
    import_id INTEGER
);
INSERT INTO publicity_new (city, pledge_id, publicity_id, action_date, channel, title, import_id)
SELECT city, pledge_id, publicity_id, action_date, channel, title, import_id
FROM publicity;
DROP TABLE publicity;
ALTER TABLE publicity_new RENAME TO publicity;

CREATE TABLE executions_new (          -- 집행, in KRW (원)
    city TEXT NOT NULL, pledge_id TEXT NOT NULL,
    execution_id TEXT NOT NULL,
    executed_on DATE NOT NULL CHECK (executed_on BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    amount_krw BIGINT NOT NULL CHECK (amount_krw >= 0),
    funding_source TEXT NOT NULL,      -- 국비 | 도비 | 시비 | 기타
    description TEXT,
    import_id INTEGER
);
INSERT INTO executions_new (city, pledge_id, execution_id, executed_on, amount_krw, funding_source, description, import_id)
SELECT city, pledge_id, execution_id, executed_on, amount_krw, funding_source, description, import_id
FROM executions;
DROP TABLE executions;
ALTER TABLE executions_new RENAME TO executions;
-- @end

SELECT 1;
