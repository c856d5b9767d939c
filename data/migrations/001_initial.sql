-- Schema version 1: pledge cards, indicator definitions, records, imports and their log, target
-- revisions, with their CHECK constraints and foreign keys. (Versions 2 and 3, the import log and
-- the constraints, are folded in here: no store at version 1 or 2 was ever released.)
-- Every table is keyed by (city, pledge_id, ...) so that one file can hold many cities.
--
-- CHECKs: counts and amounts are not negative, doubles are finite (isfinite: no NaN, no ±inf),
-- weights and hours are positive, dates lie between 1990-01-01 and 2100-12-31, period years
-- between 1990 and 2100, a term ends after it starts.
--
-- Foreign keys, where DuckDB allows the write paths to keep working:
--   pledges.city and every record table's city -> cities(city)   (cities are never deleted)
--   records', target_revisions' and import_warnings' import_id -> imports(import_id)
--                                                                  (imports are never deleted)
-- Omitted on purpose: the card tables (pledge_texts, contacts, service_rules, milestones,
-- progress_log, budget_plan, printed_executions, indicators, indicator_targets) -> pledges,
-- indicator_targets -> indicators, records -> pledges, target_revisions -> indicators, and
-- anything -> periods. A card import or an undo deletes a pledge's card rows and inserts them
-- again in ONE transaction (data/cards.insert_card), and DuckDB refuses to delete a parent row
-- that was referenced in the same transaction even after its children are gone ("still
-- referenced by a foreign key in a different table"). Periods are upserted by year when cards
-- of another term arrive. Those keys are checked by the import instead (unknown pledge,
-- unknown indicator, year of the term).
--
-- DuckDB cannot add a constraint to an existing table (no ALTER TABLE ADD CONSTRAINT): a later
-- constraint means a new table (see 005's periods, 007's city_settings).

-- @postgresql: DuckDB's isfinite(double) and year(date), which PostgreSQL lacks, so that the CHECKs read the same
-- CREATE FUNCTION isfinite(x DOUBLE PRECISION) RETURNS BOOLEAN LANGUAGE sql IMMUTABLE
--     AS $$ SELECT x <> 'NaN'::float8 AND x <> 'Infinity'::float8 AND x <> '-Infinity'::float8 $$;
-- CREATE FUNCTION year(d DATE) RETURNS INTEGER LANGUAGE sql IMMUTABLE
--     AS $$ SELECT extract(year FROM d)::integer $$;
-- @end

CREATE TABLE cities (
    city        TEXT PRIMARY KEY,          -- code, e.g. 'naju'
    name        TEXT NOT NULL,             -- 나주시
    province    TEXT,
    term_start  DATE NOT NULL CHECK (term_start >= DATE '1990-01-01'),   -- 임기 시작 (2022-07-01)
    term_end    DATE NOT NULL CHECK (term_end <= DATE '2100-12-31'),     -- 임기 끝 (2026-06-30)
    synthetic   BOOLEAN NOT NULL DEFAULT FALSE,
    CHECK (term_end > term_start)
);

-- The periods of the term in which targets are set: 2022 (from 7-01), 2023, 2024, 2025, 2026 (to 6-30).
CREATE TABLE periods (
    period  INTEGER PRIMARY KEY CHECK (period BETWEEN 1990 AND 2100),   -- the year; 2026 reads "2026. 6." on screen
    label   TEXT NOT NULL,
    starts  DATE NOT NULL CHECK (starts BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    ends    DATE NOT NULL CHECK (ends BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    CHECK (ends >= starts AND year(starts) = period AND year(ends) = period)
);

-- Every import (and the build's loading of files) is logged; undo marks it and deletes its rows.
CREATE SEQUENCE import_seq START 1;
CREATE TABLE imports (
    import_id INTEGER PRIMARY KEY DEFAULT nextval('import_seq'),
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    file_hash TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    rows_added INTEGER NOT NULL DEFAULT 0 CHECK (rows_added >= 0),
    rows_present INTEGER NOT NULL DEFAULT 0 CHECK (rows_present >= 0),
    rows_refused INTEGER NOT NULL DEFAULT 0 CHECK (rows_refused >= 0),
    warnings INTEGER NOT NULL DEFAULT 0 CHECK (warnings >= 0),
    synthetic BOOLEAN NOT NULL DEFAULT FALSE,
    undone_at TIMESTAMP,
    city TEXT,                          -- the city it went into
    encoding TEXT,                      -- utf-8 | utf-8-sig | cp949 | xlsx | yaml
    sheet TEXT,                         -- the XLSX sheet read
    rows_in_file INTEGER CHECK (rows_in_file >= 0),
    undone_by TEXT,
    content TEXT,                       -- card imports: the card YAML imported
    previous_content TEXT,              -- card imports: the card YAML it replaced (NULL = new pledge)
    pledge_id TEXT                      -- the pledge a card import replaced (records imports: NULL, they may hold many pledges)
);

CREATE TABLE pledges (
    city            TEXT NOT NULL REFERENCES cities (city),
    pledge_id       TEXT NOT NULL,         -- '6-1-1' = area 6, strategy 1, item 1
    title           TEXT NOT NULL,
    area_no         INTEGER NOT NULL CHECK (area_no >= 0),
    area_name       TEXT NOT NULL,
    strategy_no     INTEGER CHECK (strategy_no >= 0),
    item_no         INTEGER CHECK (item_no >= 0),
    completion      TEXT NOT NULL,         -- 임기내 | 임기후
    implementer     TEXT NOT NULL,         -- 국가 | 도 | <city> | 민간
    novelty         TEXT NOT NULL,         -- 신규 | 계속
    budget_type     TEXT NOT NULL,         -- 예산 | 비예산
    required_budget DOUBLE CHECK (isfinite(required_budget) AND required_budget >= 0),   -- 소요예산, 백만원
    status          TEXT NOT NULL,         -- 추진상황 as recorded by the department
    status_date     DATE CHECK (status_date BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    status_note     TEXT,
    policy_goal     TEXT,
    department      TEXT NOT NULL,
    team            TEXT,
    rate_note       TEXT,
    milestones_note TEXT,
    investment_program TEXT,
    printed_as_of   DATE CHECK (printed_as_of BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),   -- the card's 기준일
    printed_rate    DOUBLE CHECK (isfinite(printed_rate) AND printed_rate >= 0),   -- the card's printed 이행률, for reconciliation
    printed_execution_total DOUBLE CHECK (isfinite(printed_execution_total) AND printed_execution_total >= 0),
    card_file       TEXT,
    synthetic       BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (city, pledge_id)
);

-- Text blocks of the card: overview (현황 및 정책개요), plan (추진계획), effect (기대효과).
CREATE TABLE pledge_texts (
    city TEXT NOT NULL, pledge_id TEXT NOT NULL,
    block TEXT NOT NULL, ord INTEGER NOT NULL CHECK (ord >= 0),
    level INTEGER NOT NULL DEFAULT 1 CHECK (level IN (1, 2)), label TEXT, text TEXT NOT NULL, note TEXT,
    PRIMARY KEY (city, pledge_id, block, ord)
);

CREATE TABLE contacts (
    city TEXT NOT NULL, pledge_id TEXT NOT NULL, ord INTEGER NOT NULL CHECK (ord >= 0),
    role TEXT NOT NULL, name TEXT, phone TEXT,
    PRIMARY KEY (city, pledge_id, ord)
);

CREATE TABLE service_rules (
    city TEXT NOT NULL, pledge_id TEXT NOT NULL,
    starts DATE NOT NULL CHECK (starts BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    hours_per_visit DOUBLE NOT NULL CHECK (isfinite(hours_per_visit) AND hours_per_visit > 0),
    visits_per_person INTEGER NOT NULL CHECK (visits_per_person >= 0),
    eligible_from_week INTEGER NOT NULL CHECK (eligible_from_week BETWEEN 0 AND 45),
    PRIMARY KEY (city, pledge_id, starts)
);

CREATE TABLE milestones (
    city TEXT NOT NULL, pledge_id TEXT NOT NULL, ord INTEGER NOT NULL CHECK (ord >= 0),
    name TEXT NOT NULL,
    start_quarter TEXT NOT NULL,           -- '2022Q3'
    end_quarter TEXT NOT NULL,
    done_quarter TEXT,                     -- NULL while still going on
    PRIMARY KEY (city, pledge_id, ord)
);

CREATE TABLE progress_log (
    city TEXT NOT NULL, pledge_id TEXT NOT NULL, ord INTEGER NOT NULL CHECK (ord >= 0),
    text TEXT NOT NULL,
    date_text TEXT NOT NULL,               -- verbatim, e.g. '2022. 9.~12.'
    starts DATE CHECK (starts BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),   -- first day of the first month
    ends DATE CHECK (ends BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),       -- last day of the last month; NULL when open ('~')
    details TEXT[] NOT NULL DEFAULT [],
    PRIMARY KEY (city, pledge_id, ord),
    CHECK (ends >= starts)
);

-- 연도별 투자 계획, 백만원. phase: before (기 투자) | term (임기내, by year) | after (임기후).
CREATE TABLE budget_plan (
    city TEXT NOT NULL, pledge_id TEXT NOT NULL,
    phase TEXT NOT NULL CHECK (phase IN ('before', 'term', 'after')),
    year INTEGER CHECK (year BETWEEN 1990 AND 2100),
    funding_source TEXT NOT NULL,
    amount DOUBLE NOT NULL CHECK (isfinite(amount) AND amount >= 0)
);

-- Printed execution per year (집행액 row of the card), for reconciliation only.
CREATE TABLE printed_executions (
    city TEXT NOT NULL, pledge_id TEXT NOT NULL,
    year INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100),
    amount DOUBLE NOT NULL CHECK (isfinite(amount) AND amount >= 0),
    PRIMARY KEY (city, pledge_id, year)
);

CREATE TABLE indicators (
    city TEXT NOT NULL, pledge_id TEXT NOT NULL, indicator_id TEXT NOT NULL,
    ord INTEGER NOT NULL CHECK (ord >= 0),
    name TEXT NOT NULL, unit TEXT NOT NULL,
    source TEXT NOT NULL,                  -- publicity | applications | visits | executions | reported
    cap BOOLEAN NOT NULL DEFAULT TRUE,
    weight DOUBLE NOT NULL DEFAULT 1 CHECK (isfinite(weight) AND weight > 0),
    description TEXT,
    printed_rate DOUBLE CHECK (isfinite(printed_rate) AND printed_rate >= 0),
    PRIMARY KEY (city, pledge_id, indicator_id)
);

-- Targets as adopted on the card (당초 목표). Revisions never overwrite them.
CREATE TABLE indicator_targets (
    city TEXT NOT NULL, pledge_id TEXT NOT NULL, indicator_id TEXT NOT NULL,
    period INTEGER NOT NULL CHECK (period BETWEEN 1990 AND 2100),
    target DOUBLE CHECK (isfinite(target) AND target >= 0),
    PRIMARY KEY (city, pledge_id, indicator_id, period)
);

-- 목표 변경: append-only. The newest revision of a (indicator, period) is in force.
CREATE SEQUENCE target_revision_seq START 1;
CREATE TABLE target_revisions (
    revision_id INTEGER PRIMARY KEY DEFAULT nextval('target_revision_seq'),
    city TEXT NOT NULL, pledge_id TEXT NOT NULL, indicator_id TEXT NOT NULL,
    period INTEGER NOT NULL CHECK (period BETWEEN 1990 AND 2100),
    previous_target DOUBLE CHECK (isfinite(previous_target) AND previous_target >= 0),
    new_target DOUBLE CHECK (isfinite(new_target) AND new_target >= 0),
    based_on_revision INTEGER,             -- the revision the author saw (NULL = card target)
    author TEXT NOT NULL,
    reason TEXT NOT NULL,
    revised_on DATE NOT NULL CHECK (revised_on BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),   -- the date the change takes effect
    recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    import_id INTEGER REFERENCES imports (import_id)   -- made by a targets import (NULL = on the planner's page)
);

-- Service-rule warnings found on import (week of pregnancy, visits per person, hours per visit):
-- not refusals, but listed for auditors.
CREATE TABLE import_warnings (
    import_id   INTEGER NOT NULL REFERENCES imports (import_id),
    row_no      INTEGER CHECK (row_no >= 1),   -- the spreadsheet row (header = row 1)
    column_name TEXT,                   -- the header as written in the file
    rule        TEXT NOT NULL,          -- pregnancy_week | visits_per_person | hours_per_visit | ...
    message     TEXT NOT NULL           -- Korean
);

-- Records. Ids are pseudonymous; no names, resident numbers or phone numbers.
CREATE TABLE applications (           -- 신청
    city TEXT NOT NULL REFERENCES cities (city), pledge_id TEXT NOT NULL,
    application_id TEXT NOT NULL,
    applied_on DATE NOT NULL CHECK (applied_on BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    person_id TEXT NOT NULL,           -- pseudonymous
    emd TEXT,                          -- 읍·면·동
    pregnancy_week INTEGER CHECK (pregnancy_week BETWEEN 0 AND 45),   -- week of pregnancy on the application date
    due_date DATE CHECK (due_date BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    decision TEXT NOT NULL DEFAULT '승인',   -- 승인 | 부적격 | 취소
    import_id INTEGER REFERENCES imports (import_id),
    PRIMARY KEY (city, pledge_id, application_id)
);

CREATE TABLE visits (                  -- 서비스 제공
    city TEXT NOT NULL REFERENCES cities (city), pledge_id TEXT NOT NULL,
    visit_id TEXT NOT NULL,
    application_id TEXT,
    person_id TEXT NOT NULL,
    visit_date DATE NOT NULL CHECK (visit_date BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    hours DOUBLE NOT NULL CHECK (isfinite(hours) AND hours > 0),
    service TEXT,                      -- 청소·세탁·정리수납
    import_id INTEGER REFERENCES imports (import_id),
    PRIMARY KEY (city, pledge_id, visit_id)
);

CREATE TABLE publicity (               -- 홍보
    city TEXT NOT NULL REFERENCES cities (city), pledge_id TEXT NOT NULL,
    publicity_id TEXT NOT NULL,
    action_date DATE NOT NULL CHECK (action_date BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    channel TEXT,                      -- 누리집 | SNS | 문자 | 보도자료 | 현수막 | 리플릿
    title TEXT,
    import_id INTEGER REFERENCES imports (import_id),
    PRIMARY KEY (city, pledge_id, publicity_id)
);

CREATE TABLE executions (              -- 집행, in KRW (원)
    city TEXT NOT NULL REFERENCES cities (city), pledge_id TEXT NOT NULL,
    execution_id TEXT NOT NULL,
    executed_on DATE NOT NULL CHECK (executed_on BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    amount_krw BIGINT NOT NULL CHECK (amount_krw >= 0),
    funding_source TEXT NOT NULL,      -- 국비 | 도비 | 시비 | 기타
    description TEXT,
    import_id INTEGER REFERENCES imports (import_id),
    PRIMARY KEY (city, pledge_id, execution_id)
);

-- Yearly actuals reported by the department (for indicators without records, and the
-- card's printed actuals). The newest report on or before the as-of date counts.
CREATE TABLE reported_actuals (
    city TEXT NOT NULL REFERENCES cities (city), pledge_id TEXT NOT NULL, indicator_id TEXT NOT NULL,
    period INTEGER NOT NULL CHECK (period BETWEEN 1990 AND 2100),
    value DOUBLE NOT NULL CHECK (isfinite(value) AND value >= 0),
    reported_on DATE NOT NULL CHECK (reported_on BETWEEN DATE '1990-01-01' AND DATE '2100-12-31'),
    note TEXT,
    import_id INTEGER REFERENCES imports (import_id),
    PRIMARY KEY (city, pledge_id, indicator_id, period, reported_on)
);
