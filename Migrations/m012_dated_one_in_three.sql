-- VacancyLedger schema, version 12: one in three counted by dates (RULES.md I1, S1, §6, §7).
--
-- I1 holds at every date t of the period: 3 × realised(t) ≤ n(t), with n(t) the active
-- vacancies dated on or before t and realised(t) the active realised answers settled on or
-- before t (an answer settled after the period's last day counts on that day). Until now
-- S1 and the void check looked at the totals only, so a history typed in two files could
-- give another ledger than the same history in one. The checks themselves are in the rules
-- (`RuleEngine.settlementRefusal`, `voidBreach`), over the department's own dated figures.
-- This migration keeps what the reads need for the dated rule.

-- `settle --force`: an answer the municipality in fact carried out, recorded through an S1
-- refusal. NULL on every other answer, so the payloads of older rows are unchanged (the
-- journal lists it as an optional column).
ALTER TABLE settlement ADD COLUMN forced INTEGER CHECK (forced = 1);

-- The counters again, with the forced answers beside the forced voids: m001's I1 CHECK
-- lets the totals break only through a forced void, and a forced answer may break them
-- too. SQLite cannot alter a CHECK, so the table is rebuilt (rows copied as they are).
-- Other tables' triggers name `counters`; the legacy rename leaves them as written.
PRAGMA legacy_alter_table = ON;

CREATE TABLE counters_v12 (
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
    -- Answers recorded through an S1 refusal (`settle --force`), ever: never lowered.
    forced_answers   INTEGER NOT NULL DEFAULT 0 CHECK (forced_answers >= 0),
    PRIMARY KEY (department, period_id),
    CHECK (offered = pending + referred + rehoused + returned),
    CHECK (offered + withheld_cap + withheld_fourth + withheld_exempt <= vacancies),
    -- I1 on the totals (the period's last day): only a forced entry, visible in every
    -- audit, breaks it. The dates in between are the rules' to check.
    CHECK (cap_every * (referred + rehoused) <= vacancies OR forced_voids > 0 OR forced_answers > 0)
) STRICT;

INSERT INTO counters_v12 (department, period_id, cap_every, vacancies, offered, pending, referred, rehoused, returned,
                          withheld_cap, withheld_fourth, withheld_exempt, forced_voids)
SELECT department, period_id, cap_every, vacancies, offered, pending, referred, rehoused, returned,
       withheld_cap, withheld_fourth, withheld_exempt, forced_voids
FROM counters;

DROP TABLE counters;
ALTER TABLE counters_v12 RENAME TO counters;
PRAGMA legacy_alter_table = OFF;

CREATE TRIGGER counters_no_delete BEFORE DELETE ON counters
BEGIN SELECT RAISE(ABORT, 'counters are never deleted'); END;

-- Before the answer's own row, so the CHECK above sees the forced answer when the
-- settlement trigger (m001) moves realised.
CREATE TRIGGER counters_on_forced_settlement BEFORE INSERT ON settlement
WHEN NEW.forced = 1
BEGIN
    UPDATE counters SET forced_answers = forced_answers + 1
    WHERE (department, period_id) = (SELECT department, period_id FROM vacancy WHERE id = NEW.vacancy_id);
END;

-- Realised answers per settlement date (the period's last day for one settled after it):
-- realised(t) for an audit window's last day is a range of days, as n(t) is a range of
-- `counters_by_day` (m010, which keys answers by the vacancy's date). Kept by triggers;
-- `verify` recounts it.
CREATE TABLE realised_by_day (
    day         TEXT NOT NULL CHECK (date(day, '+0 days') IS day),
    department  TEXT NOT NULL REFERENCES department(id),
    period_id   INTEGER NOT NULL REFERENCES period(id),
    realised    INTEGER NOT NULL DEFAULT 0 CHECK (realised >= 0),
    PRIMARY KEY (day, department, period_id)
) STRICT, WITHOUT ROWID;

INSERT INTO realised_by_day (day, department, period_id, realised)
SELECT min(s.settled_on, p.ends), v.department, v.period_id, count(*)
FROM settlement s
JOIN vacancy v ON v.id = s.vacancy_id
JOIN period p ON p.id = v.period_id
WHERE s.outcome IN ('referred', 'rehoused')
  AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.settlement_id = s.id)
  AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.vacancy_id = v.id)
GROUP BY 1, 2, 3;

CREATE TRIGGER realised_by_day_on_settlement AFTER INSERT ON settlement
WHEN NEW.outcome IN ('referred', 'rehoused')
BEGIN
    INSERT INTO realised_by_day (day, department, period_id, realised)
    SELECT min(NEW.settled_on, p.ends), v.department, v.period_id, 1
    FROM vacancy v JOIN period p ON p.id = v.period_id WHERE v.id = NEW.vacancy_id
    ON CONFLICT (day, department, period_id) DO UPDATE SET realised = realised + 1;
END;

-- A voided realised answer leaves its day.
CREATE TRIGGER realised_by_day_on_settlement_void AFTER INSERT ON correction
WHEN NEW.settlement_id IS NOT NULL
BEGIN
    UPDATE realised_by_day SET realised = realised_by_day.realised - 1
    FROM (SELECT min(s.settled_on, p.ends) AS day, v.department, v.period_id
          FROM settlement s JOIN vacancy v ON v.id = s.vacancy_id JOIN period p ON p.id = v.period_id
          WHERE s.id = NEW.settlement_id AND s.outcome IN ('referred', 'rehoused')) AS s
    WHERE realised_by_day.day = s.day
      AND realised_by_day.department = s.department AND realised_by_day.period_id = s.period_id;
END;

-- A voided vacancy takes its active realised answer with it.
CREATE TRIGGER realised_by_day_on_vacancy_void AFTER INSERT ON correction
WHEN NEW.vacancy_id IS NOT NULL
BEGIN
    UPDATE realised_by_day SET realised = realised_by_day.realised - 1
    FROM (SELECT min(s.settled_on, p.ends) AS day, v.department, v.period_id
          FROM settlement s JOIN vacancy v ON v.id = s.vacancy_id JOIN period p ON p.id = v.period_id
          WHERE s.vacancy_id = NEW.vacancy_id AND s.outcome IN ('referred', 'rehoused')
            AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.settlement_id = s.id)) AS s
    WHERE realised_by_day.day = s.day
      AND realised_by_day.department = s.department AND realised_by_day.period_id = s.period_id;
END;

CREATE TRIGGER realised_by_day_no_delete BEFORE DELETE ON realised_by_day
BEGIN SELECT RAISE(ABORT, 'counters are never deleted'); END;

-- Departments and periods whose history, as an earlier version recorded it, breaks I1 at
-- some date: the old totals rule let such answers in. Nothing is rewritten; audits check
-- these by dates (as they do every department with a forced entry), so the breach shows,
-- and a later backdated vacancy can heal it. Written once, here; `verify` finds any dated
-- breach that is neither listed here nor behind a forced entry.
CREATE TABLE breach_watch (
    department  TEXT NOT NULL REFERENCES department(id),
    period_id   INTEGER NOT NULL REFERENCES period(id),
    PRIMARY KEY (department, period_id)
) STRICT, WITHOUT ROWID;

INSERT INTO breach_watch (department, period_id)
SELECT DISTINCT f.department, f.period_id
FROM (SELECT department, period_id,
             sum(n) OVER dates AS n, sum(r) OVER dates AS r
      FROM (SELECT department, period_id, day, sum(n) AS n, sum(r) AS r
            FROM (SELECT department, period_id, day, vacancies AS n, 0 AS r FROM counters_by_day
                  UNION ALL
                  SELECT department, period_id, day, 0, realised FROM realised_by_day)
            GROUP BY department, period_id, day)
      WINDOW dates AS (PARTITION BY department, period_id ORDER BY day)) AS f
JOIN counters k ON k.department = f.department AND k.period_id = f.period_id
WHERE k.cap_every * f.r > f.n;

CREATE TRIGGER breach_watch_no_update BEFORE UPDATE ON breach_watch
BEGIN SELECT RAISE(ABORT, 'breach_watch is append-only'); END;
CREATE TRIGGER breach_watch_no_delete BEFORE DELETE ON breach_watch
BEGIN SELECT RAISE(ABORT, 'breach_watch is append-only'); END;
