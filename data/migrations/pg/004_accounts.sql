-- Schema version 4 for PostgreSQL: data/migrations/004_accounts.sql with DOUBLE PRECISION for DOUBLE,
-- run through postgres_execute (the extension cannot create the sequences).
-- Schema version 4: who may do what (issue 10). Accounts and their roles, departments,
-- target-change proposals and their decisions, and the append-only log of actions.
-- No password or hash is ever written anywhere but accounts.password_hash.

-- An account: local (password_hash set, Argon2) or mapped to an OpenID Connect identity
-- (password_hash NULL; oidc_subject and/or email). Only an admin creates accounts.
CREATE SEQUENCE account_seq START 1;
CREATE TABLE accounts (
    account_id      INTEGER PRIMARY KEY DEFAULT nextval('account_seq'),
    login           TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    password_hash   TEXT,                               -- NULL for OIDC accounts
    oidc_subject    TEXT UNIQUE,                        -- the provider's `sub`, bound on first sign-in
    email           TEXT,                               -- lower case; maps an OIDC identity before its subject is known
    department      TEXT,                               -- 주관부서 of a department account (pledges.department)
    failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    locked_until    TIMESTAMP,                          -- sign-in refused until then (lock-out)
    disabled        BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- One row per role an account holds (one person may hold several).
CREATE TABLE account_roles (
    account_id  INTEGER NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('department', 'planner', 'approver', 'auditor', 'admin')),
    granted_by  TEXT NOT NULL,
    granted_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (account_id, role)
);

-- Departments known to the product besides those named on the cards (pledges.department).
CREATE TABLE departments (
    city    TEXT NOT NULL,
    name    TEXT NOT NULL,
    PRIMARY KEY (city, name)
);

-- 목표 변경 제안: a planner's change, pending until an approver decides. Approval writes a
-- target_revisions row with revised_on = effective_date; nothing here is ever deleted.
CREATE SEQUENCE proposal_seq START 1;
CREATE TABLE target_proposals (
    proposal_id        INTEGER PRIMARY KEY DEFAULT nextval('proposal_seq'),
    city               TEXT NOT NULL,
    pledge_id          TEXT NOT NULL,
    indicator_id       TEXT NOT NULL,
    period             INTEGER NOT NULL,
    previous_target    DOUBLE PRECISION,                          -- the target in force the planner saw
    proposed_target    DOUBLE PRECISION CHECK (proposed_target IS NULL OR (isfinite(proposed_target) AND proposed_target >= 0)),
    based_on_revision  INTEGER,                         -- the revision the planner saw (NULL = card target)
    proposed_by        TEXT NOT NULL,                   -- accounts.login
    reason             TEXT NOT NULL,
    effective_date     DATE NOT NULL,
    proposed_at        TIMESTAMP NOT NULL DEFAULT current_timestamp,
    state              TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected'))
);

-- 승인 / 반려: the decision on a proposal, by whom, which body (공약이행평가단 …), when, which document.
CREATE SEQUENCE decision_seq START 1;
CREATE TABLE proposal_decisions (
    decision_id  INTEGER PRIMARY KEY DEFAULT nextval('decision_seq'),
    proposal_id  INTEGER NOT NULL,
    decided_by   TEXT NOT NULL,                         -- accounts.login
    decision     TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
    body         TEXT NOT NULL,                         -- 승인 기구
    decided_on   DATE NOT NULL,
    document_no  TEXT,
    note         TEXT,                                  -- required for a rejection (반려 사유)
    revision_id  INTEGER,                               -- the target_revisions row an approval wrote
    decided_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- Every action and refusal: append-only (the product has no statement that updates or deletes it).
CREATE SEQUENCE action_seq START 1;
CREATE TABLE action_log (
    action_id  BIGINT PRIMARY KEY DEFAULT nextval('action_seq'),
    acted_at   TIMESTAMP NOT NULL DEFAULT current_timestamp,
    actor      TEXT NOT NULL,                           -- accounts.login, or '익명'
    action     TEXT NOT NULL,                           -- sign_in | sign_in_failed | sign_out | import | undo | propose | approve | reject | role_change | account_create | export | …
    target     TEXT,
    outcome    TEXT NOT NULL CHECK (outcome IN ('ok', 'refused')),
    detail     TEXT
);
