-- Schema version 1: pledge cards, indicator definitions, records, imports, target revisions.
-- Every table is keyed by (city, pledge_id, ...) so that one file can hold many cities.

CREATE TABLE cities (
    city        TEXT PRIMARY KEY,          -- code, e.g. 'naju'
    name        TEXT NOT NULL,             -- 나주시
    province    TEXT,
    term_start  DATE NOT NULL,             -- 임기 시작 (2022-07-01)
    term_end    DATE NOT NULL,             -- 임기 끝 (2026-06-30)
    synthetic   BOOLEAN NOT NULL DEFAULT FALSE
);

-- The periods of the term in which targets are set: 2022 (from 7-01), 2023, 2024, 2025, 2026 (to 6-30).
CREATE TABLE periods (
    period  INTEGER PRIMARY KEY,           -- the year; 2026 reads "2026. 6." on screen
    label   TEXT NOT NULL,
    starts  DATE NOT NULL,
    ends    DATE NOT NULL
);

CREATE TABLE pledges (
    city            TEXT NOT NULL,
    pledge_id       TEXT NOT NULL,         -- '6-1-1' = area 6, strategy 1, item 1
    title           TEXT NOT NULL,
    area_no         INTEGER NOT NULL,
    area_name       TEXT NOT NULL,
    strategy_no     INTEGER,
    item_no         INTEGER,
    completion      TEXT NOT NULL,         -- 임기내 | 임기후
    implementer     TEXT NOT NULL,         -- 국가 | 도 | <city> | 민간
    novelty         TEXT NOT NULL,         -- 신규 | 계속
    budget_type     TEXT NOT NULL,         -- 예산 | 비예산
    required_budget DOUBLE,                -- 소요예산, 백만원
    status          TEXT NOT NULL,         -- 추진상황 as recorded by the department
    status_date     DATE,
    status_note     TEXT,
    policy_goal     TEXT,
    department      TEXT NOT NULL,
    team            TEXT,
    rate_note       TEXT,
    milestones_note TEXT,
    investment_program TEXT,
    printed_as_of   DATE,                  -- the card's 기준일
    printed_rate    DOUBLE,                -- the card's printed 이행률, for reconciliation
    printed_execution_total DOUBLE,
    card_file       TEXT,
    synthetic       BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (city, pledge_id)
);

-- Text blocks of the card: overview (현황 및 정책개요), plan (추진계획), effect (기대효과).
CREATE TABLE pledge_texts (
    city TEXT NOT NULL, pledge_id TEXT NOT NULL,
    block TEXT NOT NULL, ord INTEGER NOT NULL,
    level INTEGER NOT NULL DEFAULT 1, label TEXT, text TEXT NOT NULL, note TEXT,
    PRIMARY KEY (city, pledge_id, block, ord)
);

CREATE TABLE contacts (
    city TEXT NOT NULL, pledge_id TEXT NOT NULL, ord INTEGER NOT NULL,
    role TEXT NOT NULL, name TEXT, phone TEXT,
    PRIMARY KEY (city, pledge_id, ord)
);

CREATE TABLE service_rules (
    city TEXT NOT NULL, pledge_id TEXT NOT NULL, starts DATE NOT NULL,
    hours_per_visit DOUBLE NOT NULL, visits_per_person INTEGER NOT NULL, eligible_from_week INTEGER NOT NULL,
    PRIMARY KEY (city, pledge_id, starts)
);

CREATE TABLE milestones (
    city TEXT NOT NULL, pledge_id TEXT NOT NULL, ord INTEGER NOT NULL,
    name TEXT NOT NULL,
    start_quarter TEXT NOT NULL,           -- '2022Q3'
    end_quarter TEXT NOT NULL,
    done_quarter TEXT,                     -- NULL while still going on
    PRIMARY KEY (city, pledge_id, ord)
);

CREATE TABLE progress_log (
    city TEXT NOT NULL, pledge_id TEXT NOT NULL, ord INTEGER NOT NULL,
    text TEXT NOT NULL,
    date_text TEXT NOT NULL,               -- verbatim, e.g. '2022. 9.~12.'
    starts DATE,                           -- first day of the first month
    ends DATE,                             -- last day of the last month; NULL when open ('~')
    details TEXT[] NOT NULL DEFAULT [],
    PRIMARY KEY (city, pledge_id, ord)
);

-- 연도별 투자 계획, 백만원. phase: before (기 투자) | term (임기내, by year) | after (임기후).
CREATE TABLE budget_plan (
    city TEXT NOT NULL, pledge_id TEXT NOT NULL,
    phase TEXT NOT NULL, year INTEGER, funding_source TEXT NOT NULL,
    amount DOUBLE NOT NULL
);

-- Printed execution per year (집행액 row of the card), for reconciliation only.
CREATE TABLE printed_executions (
    city TEXT NOT NULL, pledge_id TEXT NOT NULL, year INTEGER NOT NULL, amount DOUBLE NOT NULL,
    PRIMARY KEY (city, pledge_id, year)
);

CREATE TABLE indicators (
    city TEXT NOT NULL, pledge_id TEXT NOT NULL, indicator_id TEXT NOT NULL,
    ord INTEGER NOT NULL,
    name TEXT NOT NULL, unit TEXT NOT NULL,
    source TEXT NOT NULL,                  -- publicity | applications | visits | executions | reported
    cap BOOLEAN NOT NULL DEFAULT TRUE,
    weight DOUBLE NOT NULL DEFAULT 1,
    description TEXT,
    printed_rate DOUBLE,
    PRIMARY KEY (city, pledge_id, indicator_id)
);

-- Targets as adopted on the card (당초 목표). Revisions never overwrite them.
CREATE TABLE indicator_targets (
    city TEXT NOT NULL, pledge_id TEXT NOT NULL, indicator_id TEXT NOT NULL,
    period INTEGER NOT NULL, target DOUBLE,
    PRIMARY KEY (city, pledge_id, indicator_id, period)
);

-- 목표 변경: append-only. The newest revision of a (indicator, period) is in force.
CREATE SEQUENCE target_revision_seq START 1;
CREATE TABLE target_revisions (
    revision_id INTEGER PRIMARY KEY DEFAULT nextval('target_revision_seq'),
    city TEXT NOT NULL, pledge_id TEXT NOT NULL, indicator_id TEXT NOT NULL,
    period INTEGER NOT NULL,
    previous_target DOUBLE,
    new_target DOUBLE,
    based_on_revision INTEGER,             -- the revision the author saw (NULL = card target)
    author TEXT NOT NULL,
    reason TEXT NOT NULL,
    revised_on DATE NOT NULL,              -- the date the change takes effect
    recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp
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
    rows_added INTEGER NOT NULL DEFAULT 0,
    rows_present INTEGER NOT NULL DEFAULT 0,
    rows_refused INTEGER NOT NULL DEFAULT 0,
    warnings INTEGER NOT NULL DEFAULT 0,
    synthetic BOOLEAN NOT NULL DEFAULT FALSE,
    undone_at TIMESTAMP
);

-- Records. Ids are pseudonymous; no names, resident numbers or phone numbers.
CREATE TABLE applications (           -- 신청
    city TEXT NOT NULL, pledge_id TEXT NOT NULL,
    application_id TEXT NOT NULL,
    applied_on DATE NOT NULL,
    person_id TEXT NOT NULL,           -- pseudonymous
    emd TEXT,                          -- 읍·면·동
    pregnancy_week INTEGER,            -- week of pregnancy on the application date
    due_date DATE,
    decision TEXT NOT NULL DEFAULT '승인',   -- 승인 | 부적격 | 취소
    import_id INTEGER,
    PRIMARY KEY (city, pledge_id, application_id)
);

CREATE TABLE visits (                  -- 서비스 제공
    city TEXT NOT NULL, pledge_id TEXT NOT NULL,
    visit_id TEXT NOT NULL,
    application_id TEXT,
    person_id TEXT NOT NULL,
    visit_date DATE NOT NULL,
    hours DOUBLE NOT NULL,
    service TEXT,                      -- 청소·세탁·정리수납
    import_id INTEGER,
    PRIMARY KEY (city, pledge_id, visit_id)
);

CREATE TABLE publicity (               -- 홍보
    city TEXT NOT NULL, pledge_id TEXT NOT NULL,
    publicity_id TEXT NOT NULL,
    action_date DATE NOT NULL,
    channel TEXT,                      -- 누리집 | SNS | 문자 | 보도자료 | 현수막 | 리플릿
    title TEXT,
    import_id INTEGER,
    PRIMARY KEY (city, pledge_id, publicity_id)
);

CREATE TABLE executions (              -- 집행, in KRW (원)
    city TEXT NOT NULL, pledge_id TEXT NOT NULL,
    execution_id TEXT NOT NULL,
    executed_on DATE NOT NULL,
    amount_krw BIGINT NOT NULL,
    funding_source TEXT NOT NULL,      -- 국비 | 도비 | 시비 | 기타
    description TEXT,
    import_id INTEGER,
    PRIMARY KEY (city, pledge_id, execution_id)
);

-- Yearly actuals reported by the department (for indicators without records, and the
-- card's printed actuals). The newest report on or before the as-of date counts.
CREATE TABLE reported_actuals (
    city TEXT NOT NULL, pledge_id TEXT NOT NULL, indicator_id TEXT NOT NULL,
    period INTEGER NOT NULL,
    value DOUBLE NOT NULL,
    reported_on DATE NOT NULL,
    note TEXT,
    import_id INTEGER,
    PRIMARY KEY (city, pledge_id, indicator_id, period, reported_on)
);
