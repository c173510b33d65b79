-- VacancyLedger schema, version 11: the export's lettings, kept by triggers in the
-- export's order.
--
-- `export --year` lists every letting of the year: a vacancy let as decided on its own
-- date, an offer once settled on the settlement's date, each with its placement, policy
-- version and entry hash. Read from the history, that is a join of five tables, a hash
-- lookup per row and a sort of the year (1.1 s at 1M vacancies in the `sqlite3` shell,
-- twice the plain read of the year's vacancies). This table holds one row per active
-- letting, keyed in the export's order (letting date, then the department as
-- `DepartmentID` orders it: organisation, number, id; then the vacancy's number), so a
-- year is one range read in order with one lookup of the vacancy (0.35 s).
--
-- A row is written when the letting happens and deleted by the void that takes it back;
-- nothing else changes it. `verify` checks every row against the history and the count
-- against the recount.
CREATE TABLE letting (
    -- The vacancy date, or the settlement date of an offer.
    letting_date       TEXT NOT NULL CHECK (date(letting_date, '+0 days') IS letting_date),
    -- The department id split as `DepartmentID` sorts it (`AAB-15a`: `AAB`, 15).
    organisation       TEXT NOT NULL CHECK (length(organisation) >= 1),
    department_number  INTEGER NOT NULL,
    department         TEXT NOT NULL CHECK (substr(department, 1, length(organisation) + 1) = organisation || '-'),
    number             INTEGER NOT NULL CHECK (number >= 1),
    -- No REFERENCES: SQLite plans a search of the child table for every vacancy inserted
    -- (by `vacancy_id`, which the key does not lead), and the triggers write it from the
    -- vacancy's own row; `verify` checks that every row's vacancy exists.
    vacancy_id         INTEGER NOT NULL,
    -- The settlement's outcome for an offer; NULL for a vacancy let as decided.
    outcome            TEXT CHECK (outcome IN ('referred', 'rehoused', 'returned')),
    -- The placement the vacancy was decided under, and the policy version.
    staircase          TEXT NOT NULL CHECK (staircase IN ('department', 'area')),
    step               INTEGER NOT NULL CHECK (step >= 1),
    policy_version     INTEGER NOT NULL CHECK (policy_version >= 1),
    -- The vacancy's journal entry hash.
    hash               TEXT NOT NULL CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'),
    PRIMARY KEY (letting_date, organisation, department_number, department, number, vacancy_id)
) STRICT, WITHOUT ROWID;

-- The history so far, the way the triggers below would have kept it: active vacancies not
-- offered, and offers with their active settlement.
INSERT INTO letting (letting_date, organisation, department_number, department, number, vacancy_id,
                     outcome, staircase, step, policy_version, hash)
SELECT CASE WHEN v.offered = 1 THEN s.settled_on ELSE v.vacancy_date END,
       substr(v.department, 1, instr(v.department, '-') - 1),
       CAST(substr(v.department, instr(v.department, '-') + 1) AS INTEGER),
       v.department, v.number, v.id, s.outcome, p.staircase, p.step, pv.version, j.hash
FROM vacancy v
LEFT JOIN settlement s ON s.vacancy_id = v.id
     AND NOT EXISTS (SELECT 1 FROM correction sc WHERE sc.settlement_id = s.id)
JOIN placement p ON p.id = v.placement_id
JOIN policy_version pv ON pv.id = v.policy_version_id
JOIN journal j ON j.kind = 'vacancy' AND j.entity = v.id
WHERE NOT EXISTS (SELECT 1 FROM correction c WHERE c.vacancy_id = v.id)
  AND (v.offered = 0 OR s.id IS NOT NULL);

-- A vacancy not offered is let as decided, on its date: written with its journal entry,
-- which follows the vacancy's row in the same transaction and brings the hash.
CREATE TRIGGER letting_on_vacancy_entry AFTER INSERT ON journal
WHEN NEW.kind = 'vacancy'
BEGIN
    INSERT INTO letting (letting_date, organisation, department_number, department, number, vacancy_id,
                         outcome, staircase, step, policy_version, hash)
    SELECT v.vacancy_date, substr(v.department, 1, instr(v.department, '-') - 1),
           CAST(substr(v.department, instr(v.department, '-') + 1) AS INTEGER),
           v.department, v.number, v.id, NULL, p.staircase, p.step, pv.version, NEW.hash
    FROM vacancy v
    JOIN placement p ON p.id = v.placement_id
    JOIN policy_version pv ON pv.id = v.policy_version_id
    WHERE v.id = NEW.entity AND v.offered = 0;
END;

-- An offer is let when it is settled (referred, rehoused, or returned and let by its
-- fallback route, R6), on the settlement's date. `settlement_valid` has checked that it
-- is an active, unsettled offer.
CREATE TRIGGER letting_on_settlement AFTER INSERT ON settlement
BEGIN
    INSERT INTO letting (letting_date, organisation, department_number, department, number, vacancy_id,
                         outcome, staircase, step, policy_version, hash)
    SELECT NEW.settled_on, substr(v.department, 1, instr(v.department, '-') - 1),
           CAST(substr(v.department, instr(v.department, '-') + 1) AS INTEGER),
           v.department, v.number, v.id, NEW.outcome, p.staircase, p.step, pv.version,
           (SELECT hash FROM journal WHERE kind = 'vacancy' AND entity = v.id)
    FROM vacancy v
    JOIN placement p ON p.id = v.placement_id
    JOIN policy_version pv ON pv.id = v.policy_version_id
    WHERE v.id = NEW.vacancy_id;
END;

-- A voided vacancy is not let: its row goes, on its date or its active settlement's.
CREATE TRIGGER letting_on_vacancy_void AFTER INSERT ON correction
WHEN NEW.vacancy_id IS NOT NULL
BEGIN
    DELETE FROM letting
    WHERE letting_date IN (SELECT vacancy_date FROM vacancy WHERE id = NEW.vacancy_id
                           UNION ALL SELECT settled_on FROM settlement WHERE vacancy_id = NEW.vacancy_id)
      AND vacancy_id = NEW.vacancy_id;
END;

-- A voided settlement makes the offer pending again: not let.
CREATE TRIGGER letting_on_settlement_void AFTER INSERT ON correction
WHEN NEW.settlement_id IS NOT NULL
BEGIN
    DELETE FROM letting
    WHERE letting_date = (SELECT settled_on FROM settlement WHERE id = NEW.settlement_id)
      AND vacancy_id = (SELECT vacancy_id FROM settlement WHERE id = NEW.settlement_id);
END;

CREATE TRIGGER letting_no_update BEFORE UPDATE ON letting
BEGIN SELECT RAISE(ABORT, 'letting rows are written and deleted by the ledger''s triggers only'); END;
