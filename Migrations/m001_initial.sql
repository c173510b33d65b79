-- VacancyLedger schema, version 1.
-- Dates are checked with date(x, '+0 days') IS x: without a modifier SQLite accepts 2025-02-30.
--
-- The database is the last line of defence: the Swift code checks everything first and
-- gives a clear error, but a bug or a hand-edited file still cannot break these rules.
-- Ledger tables are append-only (triggers refuse UPDATE and DELETE); `counters` is the
-- only mutable table and is moved only by triggers on the entries, so a counter can
-- never change without the entry that moves it, in the same transaction.
-- Rule ids (I1, R7 …) refer to shared/spec/RULES.md. A landed migration never changes.

-- Agreement periods. Two periods never overlap, so a date has at most one (R7).
CREATE TABLE period (
    id      INTEGER PRIMARY KEY,
    starts  TEXT NOT NULL CHECK (date(starts, '+0 days') IS starts),
    ends    TEXT NOT NULL CHECK (date(ends, '+0 days') IS ends),
    CHECK (starts <= ends),
    UNIQUE (starts, ends)
) STRICT;

CREATE TRIGGER period_no_overlap BEFORE INSERT ON period
WHEN EXISTS (SELECT 1 FROM period WHERE NEW.starts <= ends AND starts <= NEW.ends)
BEGIN SELECT RAISE(ABORT, 'period overlaps an existing agreement period'); END;

-- Versioned policies: the agreement as data. `content_json` is the canonical parsed
-- policy; `source_text` the file as loaded, comments included.
CREATE TABLE policy_version (
    id               INTEGER PRIMARY KEY,
    period_id        INTEGER NOT NULL REFERENCES period(id),
    version          INTEGER NOT NULL CHECK (version >= 1),
    name             TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    cap_every        INTEGER NOT NULL CHECK (cap_every >= 1),
    rehousing_every  INTEGER NOT NULL CHECK (rehousing_every >= 2),
    content_json     TEXT NOT NULL CHECK (json_valid(content_json)),
    content_hash     TEXT NOT NULL CHECK (length(content_hash) = 64),
    source_text      TEXT NOT NULL,
    loaded_at        TEXT NOT NULL,
    loaded_by        TEXT NOT NULL,
    UNIQUE (period_id, version),
    UNIQUE (period_id, content_hash)
) STRICT;

-- Versions of a period count 1, 2, 3 … and keep the period's cap and 9-cycle, which the
-- counters and the numbering of already logged vacancies depend on.
CREATE TRIGGER policy_version_sequence BEFORE INSERT ON policy_version
WHEN NEW.version IS NOT (SELECT coalesce(max(version), 0) + 1 FROM policy_version WHERE period_id = NEW.period_id)
  OR EXISTS (SELECT 1 FROM policy_version WHERE period_id = NEW.period_id
             AND (cap_every <> NEW.cap_every OR rehousing_every <> NEW.rehousing_every))
BEGIN SELECT RAISE(ABORT, 'policy version out of sequence, or cap/rehousing cycle changed within a period'); END;

-- Housing associations (boligorganisationer): created from a department id's prefix.
CREATE TABLE organisation (
    code  TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 10 AND code NOT GLOB '*[^A-Z0-9ÆØÅ]*')
) STRICT;

-- Departments (boligafdelinger), id ORG-NUMBER.
CREATE TABLE department (
    id            TEXT PRIMARY KEY,
    organisation  TEXT NOT NULL REFERENCES organisation(code),
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    units         INTEGER NOT NULL CHECK (units > 0),
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    CHECK (substr(id, 1, length(organisation) + 1) = organisation || '-'),
    CHECK (substr(id, length(organisation) + 2) GLOB '[0-9]*'
           AND substr(id, length(organisation) + 2) NOT GLOB '*[^0-9A-ZÆØÅ]*')
) STRICT;

-- Placements on a staircase, effective from a date; the one in force on a vacancy's date
-- decides it. Flags fit only their step (RULES.md §2).
CREATE TABLE placement (
    id              INTEGER PRIMARY KEY,
    department      TEXT NOT NULL REFERENCES department(id),
    effective_from  TEXT NOT NULL CHECK (date(effective_from, '+0 days') IS effective_from),
    staircase       TEXT NOT NULL CHECK (staircase IN ('area', 'department')),
    step            INTEGER NOT NULL,
    base_step       INTEGER,
    at_risk         INTEGER NOT NULL CHECK (at_risk IN (0, 1)),
    exempt          INTEGER NOT NULL CHECK (exempt IN (0, 1)),
    reserved        INTEGER NOT NULL CHECK (reserved >= 0),
    criteria        TEXT NOT NULL CHECK (criteria NOT GLOB '*[^a-z,]*'),
    recorded_at     TEXT NOT NULL,
    recorded_by     TEXT NOT NULL,
    UNIQUE (department, effective_from),
    CHECK ((staircase = 'area' AND step BETWEEN 1 AND 2 AND base_step IS NULL AND reserved = 0)
        OR (staircase = 'department' AND step BETWEEN 1 AND 4 AND base_step BETWEEN 1 AND 4)),
    CHECK (at_risk = 0 OR (staircase = 'department' AND step = 1)),
    CHECK (exempt = 0 OR (staircase = 'department' AND step = 2)),
    CHECK (criteria = '' OR (staircase = 'area' AND step = 1))
) STRICT;

-- Placements are never retroactive, and reserved dwellings fit in the department.
CREATE TRIGGER placement_not_retroactive BEFORE INSERT ON placement
WHEN EXISTS (SELECT 1 FROM vacancy WHERE department = NEW.department AND vacancy_date >= NEW.effective_from)
  OR NEW.reserved > (SELECT units FROM department WHERE id = NEW.department)
BEGIN SELECT RAISE(ABORT, 'placement on or before a logged vacancy, or more reserved dwellings than units'); END;

-- Vacancies (ledige boliger) and the decision taken when each was logged.
CREATE TABLE vacancy (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,  -- global, never reused
    department         TEXT NOT NULL REFERENCES department(id),
    period_id          INTEGER NOT NULL REFERENCES period(id),
    number             INTEGER NOT NULL CHECK (number >= 1),
    vacancy_date       TEXT NOT NULL CHECK (date(vacancy_date, '+0 days') IS vacancy_date),
    unit               TEXT NOT NULL CHECK (length(unit) BETWEEN 1 AND 100),
    ref                TEXT CHECK (ref IS NULL OR length(ref) BETWEEN 1 AND 200),
    reserved_unit      INTEGER NOT NULL CHECK (reserved_unit IN (0, 1)),
    rehousing          INTEGER NOT NULL CHECK (rehousing IN (0, 1)),
    pattern_route      TEXT NOT NULL CHECK (pattern_route IN ('referral', 'flexible', 'tightened', 'ordinary')),
    route              TEXT NOT NULL CHECK (route IN ('referral', 'flexible', 'tightened', 'ordinary')),
    fallback_route     TEXT NOT NULL CHECK (fallback_route IN ('flexible', 'tightened', 'ordinary')),
    offered            INTEGER NOT NULL CHECK (offered IN (0, 1)),
    withheld           TEXT CHECK (withheld IN ('cap', 'fourth', 'exempt')),
    criteria           TEXT NOT NULL CHECK (criteria NOT GLOB '*[^a-z,]*'),
    rules              TEXT NOT NULL CHECK (rules GLOB '[RG][0-9]*' AND rules NOT GLOB '*[^RG0-9 ]*'),
    placement_id       INTEGER NOT NULL REFERENCES placement(id),
    policy_version_id  INTEGER NOT NULL REFERENCES policy_version(id),
    -- The department's counters right after this decision (explain's countersAtDecision).
    at_vacancies       INTEGER NOT NULL CHECK (at_vacancies >= 1),
    at_offered         INTEGER NOT NULL CHECK (at_offered >= 0),
    at_pending         INTEGER NOT NULL CHECK (at_pending >= 0),
    at_realised        INTEGER NOT NULL CHECK (at_realised >= 0),
    at_returned        INTEGER NOT NULL CHECK (at_returned >= 0),
    at_withheld        INTEGER NOT NULL CHECK (at_withheld >= 0),
    recorded_at        TEXT NOT NULL,
    recorded_by        TEXT NOT NULL,
    UNIQUE (department, ref),
    -- An offer is a referral, never withheld; a withheld dwelling is let by R6.
    CHECK (offered = 0 OR (pattern_route = 'referral' AND route = 'referral' AND withheld IS NULL)),
    CHECK (withheld IS NULL OR (pattern_route = 'referral' AND offered = 0 AND route = fallback_route)),
    CHECK (pattern_route <> 'referral' OR ((offered = 1) <> (withheld IS NOT NULL))),
    CHECK (pattern_route = 'referral' OR (route = pattern_route AND offered = 0)),
    CHECK (route <> 'tightened' OR criteria <> '')
) STRICT;

CREATE INDEX vacancy_by_department ON vacancy (department, period_id, number);

-- R7, numbering (§6), the rehousing flag, the placement in force, R5.
CREATE TRIGGER vacancy_consistent BEFORE INSERT ON vacancy
WHEN NOT EXISTS (SELECT 1 FROM period WHERE id = NEW.period_id AND NEW.vacancy_date BETWEEN starts AND ends)
  OR NOT EXISTS (SELECT 1 FROM policy_version WHERE id = NEW.policy_version_id AND period_id = NEW.period_id)
  OR NEW.rehousing IS NOT (NEW.number % (SELECT rehousing_every FROM policy_version WHERE id = NEW.policy_version_id) = 0)
  OR EXISTS (SELECT 1 FROM vacancy v WHERE v.department = NEW.department AND v.period_id = NEW.period_id
             AND v.number = NEW.number AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.vacancy_id = v.id))
  OR NEW.placement_id IS NOT (SELECT id FROM placement WHERE department = NEW.department
             AND effective_from <= NEW.vacancy_date ORDER BY effective_from DESC LIMIT 1)
  OR (NEW.reserved_unit = 1 AND NOT EXISTS (SELECT 1 FROM placement WHERE id = NEW.placement_id
             AND staircase = 'department' AND reserved > 0))
BEGIN SELECT RAISE(ABORT, 'vacancy inconsistent with its period, policy, numbering or placement'); END;

-- The municipality's outcome on an offer.
CREATE TABLE settlement (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    vacancy_id   INTEGER NOT NULL REFERENCES vacancy(id),
    outcome      TEXT NOT NULL CHECK (outcome IN ('referred', 'rehoused', 'returned')),
    settled_on   TEXT NOT NULL CHECK (date(settled_on, '+0 days') IS settled_on),
    recorded_at  TEXT NOT NULL,
    recorded_by  TEXT NOT NULL
) STRICT;

CREATE INDEX settlement_by_vacancy ON settlement (vacancy_id);

-- Only an active offer can be settled, once, on or after its date.
CREATE TRIGGER settlement_valid BEFORE INSERT ON settlement
WHEN NOT EXISTS (SELECT 1 FROM vacancy WHERE id = NEW.vacancy_id AND offered = 1 AND vacancy_date <= NEW.settled_on)
  OR EXISTS (SELECT 1 FROM correction WHERE vacancy_id = NEW.vacancy_id)
  OR EXISTS (SELECT 1 FROM settlement s WHERE s.vacancy_id = NEW.vacancy_id
             AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.settlement_id = s.id))
BEGIN SELECT RAISE(ABORT, 'settlement of a vacancy that is not an active, unsettled offer, or dated before it'); END;

-- Corrections (§6): void a vacancy (with its settlement) or only a settlement.
CREATE TABLE correction (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    vacancy_id     INTEGER UNIQUE REFERENCES vacancy(id),
    settlement_id  INTEGER UNIQUE REFERENCES settlement(id),
    reason         TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    forced         INTEGER NOT NULL CHECK (forced IN (0, 1)),
    recorded_at    TEXT NOT NULL,
    recorded_by    TEXT NOT NULL,
    CHECK ((vacancy_id IS NULL) <> (settlement_id IS NULL)),
    CHECK (forced = 0 OR vacancy_id IS NOT NULL)
) STRICT;

CREATE TRIGGER correction_valid BEFORE INSERT ON correction
WHEN NEW.settlement_id IS NOT NULL AND EXISTS (SELECT 1 FROM settlement s JOIN correction c ON c.vacancy_id = s.vacancy_id
                                               WHERE s.id = NEW.settlement_id)
BEGIN SELECT RAISE(ABORT, 'settlement belongs to a voided vacancy'); END;

-- Per-department, per-period counters over active entries (RULES.md §5).
CREATE TABLE counters (
    department       TEXT NOT NULL REFERENCES department(id),
    period_id        INTEGER NOT NULL REFERENCES period(id),
    cap_every        INTEGER NOT NULL CHECK (cap_every >= 1),
    vacancies        INTEGER NOT NULL DEFAULT 0 CHECK (vacancies >= 0),
    offered          INTEGER NOT NULL DEFAULT 0 CHECK (offered >= 0),
    pending          INTEGER NOT NULL DEFAULT 0 CHECK (pending >= 0),
    referred         INTEGER NOT NULL DEFAULT 0 CHECK (referred >= 0),
    rehoused         INTEGER NOT NULL DEFAULT 0 CHECK (rehoused >= 0),
    returned         INTEGER NOT NULL DEFAULT 0 CHECK (returned >= 0),
    withheld_cap     INTEGER NOT NULL DEFAULT 0 CHECK (withheld_cap >= 0),
    withheld_fourth  INTEGER NOT NULL DEFAULT 0 CHECK (withheld_fourth >= 0),
    withheld_exempt  INTEGER NOT NULL DEFAULT 0 CHECK (withheld_exempt >= 0),
    forced_voids     INTEGER NOT NULL DEFAULT 0 CHECK (forced_voids >= 0),
    PRIMARY KEY (department, period_id),
    CHECK (offered = pending + referred + rehoused + returned),
    CHECK (offered + withheld_cap + withheld_fourth + withheld_exempt <= vacancies),
    -- I1: realised referral never above one in `cap_every`, unless a forced correction
    -- (visible in every audit) broke it.
    CHECK (cap_every * (referred + rehoused) <= vacancies OR forced_voids > 0)
) STRICT;

CREATE TRIGGER counters_on_vacancy AFTER INSERT ON vacancy
BEGIN
    INSERT OR IGNORE INTO counters (department, period_id, cap_every)
    VALUES (NEW.department, NEW.period_id,
            (SELECT cap_every FROM policy_version WHERE id = NEW.policy_version_id));
    UPDATE counters SET
        vacancies = vacancies + 1,
        offered = offered + NEW.offered,
        pending = pending + NEW.offered,
        withheld_cap = withheld_cap + (NEW.withheld IS 'cap'),
        withheld_fourth = withheld_fourth + (NEW.withheld IS 'fourth'),
        withheld_exempt = withheld_exempt + (NEW.withheld IS 'exempt')
    WHERE department = NEW.department AND period_id = NEW.period_id;
END;

CREATE TRIGGER counters_on_settlement AFTER INSERT ON settlement
BEGIN
    UPDATE counters SET
        pending = pending - 1,
        referred = referred + (NEW.outcome = 'referred'),
        rehoused = rehoused + (NEW.outcome = 'rehoused'),
        returned = returned + (NEW.outcome = 'returned')
    WHERE (department, period_id) = (SELECT department, period_id FROM vacancy WHERE id = NEW.vacancy_id);
END;

CREATE TRIGGER counters_on_settlement_void AFTER INSERT ON correction
WHEN NEW.settlement_id IS NOT NULL
BEGIN
    UPDATE counters SET
        pending = pending + 1,
        referred = referred - ((SELECT outcome FROM settlement WHERE id = NEW.settlement_id) = 'referred'),
        rehoused = rehoused - ((SELECT outcome FROM settlement WHERE id = NEW.settlement_id) = 'rehoused'),
        returned = returned - ((SELECT outcome FROM settlement WHERE id = NEW.settlement_id) = 'returned')
    WHERE (department, period_id) = (SELECT v.department, v.period_id FROM settlement s
                                     JOIN vacancy v ON v.id = s.vacancy_id WHERE s.id = NEW.settlement_id);
END;

CREATE TRIGGER counters_on_vacancy_void AFTER INSERT ON correction
WHEN NEW.vacancy_id IS NOT NULL
BEGIN
    UPDATE counters SET
        forced_voids = counters.forced_voids + NEW.forced,
        vacancies = counters.vacancies - 1,
        offered = counters.offered - v.offered,
        pending = counters.pending - (v.offered AND s.outcome IS NULL),
        referred = counters.referred - (s.outcome IS 'referred'),
        rehoused = counters.rehoused - (s.outcome IS 'rehoused'),
        returned = counters.returned - (s.outcome IS 'returned'),
        withheld_cap = counters.withheld_cap - (v.withheld IS 'cap'),
        withheld_fourth = counters.withheld_fourth - (v.withheld IS 'fourth'),
        withheld_exempt = counters.withheld_exempt - (v.withheld IS 'exempt')
    FROM (SELECT id, department, period_id, offered, withheld FROM vacancy WHERE id = NEW.vacancy_id) AS v
    LEFT JOIN (SELECT vacancy_id, outcome FROM settlement
               WHERE vacancy_id = NEW.vacancy_id
                 AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.settlement_id = settlement.id)) AS s
           ON s.vacancy_id = v.id
    WHERE counters.department = v.department AND counters.period_id = v.period_id;
END;

CREATE TRIGGER counters_no_delete BEFORE DELETE ON counters
BEGIN SELECT RAISE(ABORT, 'counters are never deleted'); END;

-- The hash chain: every entry appends one row whose hash is SHA-256 over the previous
-- hash and the entry's canonical payload. SQLite cannot hash, but it can refuse a row
-- that does not link to the head; `verify` recomputes the hashes.
CREATE TABLE journal (
    seq        INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('policy', 'department', 'placement', 'vacancy', 'settlement', 'correction')),
    entity     INTEGER NOT NULL,
    payload    TEXT NOT NULL CHECK (json_valid(payload)),
    prev_hash  TEXT NOT NULL CHECK (length(prev_hash) = 64 AND prev_hash NOT GLOB '*[^0-9a-f]*'),
    hash       TEXT NOT NULL UNIQUE CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'),
    UNIQUE (kind, entity)
) STRICT;

CREATE TRIGGER journal_chain BEFORE INSERT ON journal
WHEN NEW.prev_hash IS NOT coalesce((SELECT hash FROM journal ORDER BY seq DESC LIMIT 1),
                                   '0000000000000000000000000000000000000000000000000000000000000000')
BEGIN SELECT RAISE(ABORT, 'journal entry does not link to the head of the hash chain'); END;

-- Append-only: ledger rows are never updated or deleted; a mistake is corrected by a new entry.
CREATE TRIGGER period_no_update BEFORE UPDATE ON period
BEGIN SELECT RAISE(ABORT, 'period is append-only'); END;
CREATE TRIGGER period_no_delete BEFORE DELETE ON period
BEGIN SELECT RAISE(ABORT, 'period is append-only'); END;
CREATE TRIGGER policy_version_no_update BEFORE UPDATE ON policy_version
BEGIN SELECT RAISE(ABORT, 'policy_version is append-only'); END;
CREATE TRIGGER policy_version_no_delete BEFORE DELETE ON policy_version
BEGIN SELECT RAISE(ABORT, 'policy_version is append-only'); END;
CREATE TRIGGER organisation_no_update BEFORE UPDATE ON organisation
BEGIN SELECT RAISE(ABORT, 'organisation is append-only'); END;
CREATE TRIGGER organisation_no_delete BEFORE DELETE ON organisation
BEGIN SELECT RAISE(ABORT, 'organisation is append-only'); END;
CREATE TRIGGER department_no_update BEFORE UPDATE ON department
BEGIN SELECT RAISE(ABORT, 'department is append-only'); END;
CREATE TRIGGER department_no_delete BEFORE DELETE ON department
BEGIN SELECT RAISE(ABORT, 'department is append-only'); END;
CREATE TRIGGER placement_no_update BEFORE UPDATE ON placement
BEGIN SELECT RAISE(ABORT, 'placement is append-only'); END;
CREATE TRIGGER placement_no_delete BEFORE DELETE ON placement
BEGIN SELECT RAISE(ABORT, 'placement is append-only'); END;
CREATE TRIGGER vacancy_no_update BEFORE UPDATE ON vacancy
BEGIN SELECT RAISE(ABORT, 'vacancy is append-only'); END;
CREATE TRIGGER vacancy_no_delete BEFORE DELETE ON vacancy
BEGIN SELECT RAISE(ABORT, 'vacancy is append-only'); END;
CREATE TRIGGER settlement_no_update BEFORE UPDATE ON settlement
BEGIN SELECT RAISE(ABORT, 'settlement is append-only'); END;
CREATE TRIGGER settlement_no_delete BEFORE DELETE ON settlement
BEGIN SELECT RAISE(ABORT, 'settlement is append-only'); END;
CREATE TRIGGER correction_no_update BEFORE UPDATE ON correction
BEGIN SELECT RAISE(ABORT, 'correction is append-only'); END;
CREATE TRIGGER correction_no_delete BEFORE DELETE ON correction
BEGIN SELECT RAISE(ABORT, 'correction is append-only'); END;
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
