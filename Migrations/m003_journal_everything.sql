-- VacancyLedger schema, version 3: every ledger table in the hash chain, and free text
-- checked by the database as well as by the code.
--
-- m001's journal listed its kinds in a CHECK, which left periods, organisations and
-- placement bases outside the chain (an edited `period.ends` passed `verify`). SQLite
-- cannot alter a CHECK, so the journal is rebuilt once with its kinds in a table: a later
-- kind is one INSERT in a later migration, not another rebuild. Rows are copied as they
-- are, so every existing hash stays valid. The Swift side of this migration
-- (`Journal.backfill`) then chains the period, organisation and placement-basis rows that
-- older versions wrote without an entry.

-- The kinds of journal entry, and the table each one chains.
CREATE TABLE journal_kind (
    kind        TEXT PRIMARY KEY CHECK (length(kind) BETWEEN 1 AND 40 AND kind NOT GLOB '*[^a-z_]*'),
    table_name  TEXT NOT NULL UNIQUE CHECK (length(table_name) BETWEEN 1 AND 40 AND table_name NOT GLOB '*[^a-z_]*')
) STRICT;

INSERT INTO journal_kind (kind, table_name) VALUES
    ('period', 'period'),
    ('policy', 'policy_version'),
    ('organisation', 'organisation'),
    ('department', 'department'),
    ('placement', 'placement'),
    ('placement_basis', 'placement_basis'),
    ('vacancy', 'vacancy'),
    ('settlement', 'settlement'),
    ('correction', 'correction');

CREATE TRIGGER journal_kind_no_update BEFORE UPDATE ON journal_kind
BEGIN SELECT RAISE(ABORT, 'journal_kind is append-only'); END;
CREATE TRIGGER journal_kind_no_delete BEFORE DELETE ON journal_kind
BEGIN SELECT RAISE(ABORT, 'journal_kind is append-only'); END;

CREATE TABLE journal_v3 (
    seq        INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL REFERENCES journal_kind(kind),
    entity     INTEGER NOT NULL,
    payload    TEXT NOT NULL CHECK (json_valid(payload)),
    prev_hash  TEXT NOT NULL CHECK (length(prev_hash) = 64 AND prev_hash NOT GLOB '*[^0-9a-f]*'),
    hash       TEXT NOT NULL UNIQUE CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'),
    UNIQUE (kind, entity)
) STRICT;

INSERT INTO journal_v3 (seq, kind, entity, payload, prev_hash, hash)
SELECT seq, kind, entity, payload, prev_hash, hash FROM journal ORDER BY seq;

DROP TABLE journal;
ALTER TABLE journal_v3 RENAME TO journal;

-- A new entry links to the head and takes the next sequence number: no gaps, no forks.
CREATE TRIGGER journal_chain BEFORE INSERT ON journal
WHEN NEW.prev_hash IS NOT coalesce((SELECT hash FROM journal ORDER BY seq DESC LIMIT 1),
                                   '0000000000000000000000000000000000000000000000000000000000000000')
  OR NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM journal)
BEGIN SELECT RAISE(ABORT, 'journal entry does not link to the head of the hash chain'); END;

CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;

-- Free text (names, units, refs, reasons, clerks): trimmed, non-empty, within its length,
-- and free of control characters (C0, DEL, C1, NUL), line and paragraph separators and
-- bidirectional overrides, which could forge lines or reorder text in a terminal or a
-- report. The code checks the same rules first (`TextRules`) and names the bad value; these
-- triggers are the last line of defence for anything that bypasses it.
CREATE TRIGGER vacancy_text BEFORE INSERT ON vacancy
WHEN NOT (length(NEW.unit) BETWEEN 1 AND 100 AND trim(NEW.unit) = NEW.unit
          AND NEW.unit NOT GLOB '*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238) || char(8294) || '-' || char(8297) || ']*'
          AND instr(CAST(NEW.unit AS BLOB), x'00') = 0)
  OR (NEW.ref IS NOT NULL AND NOT (length(NEW.ref) BETWEEN 1 AND 200 AND trim(NEW.ref) = NEW.ref
          AND NEW.ref NOT GLOB '*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238) || char(8294) || '-' || char(8297) || ']*'
          AND instr(CAST(NEW.ref AS BLOB), x'00') = 0))
  OR NOT (length(NEW.recorded_by) BETWEEN 1 AND 100 AND trim(NEW.recorded_by) = NEW.recorded_by
          AND NEW.recorded_by NOT GLOB '*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238) || char(8294) || '-' || char(8297) || ']*'
          AND instr(CAST(NEW.recorded_by AS BLOB), x'00') = 0)
BEGIN SELECT RAISE(ABORT, 'vacancy: unit, ref or clerk is empty, too long or holds control characters'); END;

CREATE TRIGGER settlement_text BEFORE INSERT ON settlement
WHEN NOT (length(NEW.recorded_by) BETWEEN 1 AND 100 AND trim(NEW.recorded_by) = NEW.recorded_by
          AND NEW.recorded_by NOT GLOB '*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238) || char(8294) || '-' || char(8297) || ']*'
          AND instr(CAST(NEW.recorded_by AS BLOB), x'00') = 0)
BEGIN SELECT RAISE(ABORT, 'settlement: clerk is empty, too long or holds control characters'); END;

CREATE TRIGGER correction_text BEFORE INSERT ON correction
WHEN NOT (length(NEW.reason) BETWEEN 1 AND 500 AND trim(NEW.reason) = NEW.reason
          AND NEW.reason NOT GLOB '*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238) || char(8294) || '-' || char(8297) || ']*'
          AND instr(CAST(NEW.reason AS BLOB), x'00') = 0)
  OR NOT (length(NEW.recorded_by) BETWEEN 1 AND 100 AND trim(NEW.recorded_by) = NEW.recorded_by
          AND NEW.recorded_by NOT GLOB '*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238) || char(8294) || '-' || char(8297) || ']*'
          AND instr(CAST(NEW.recorded_by AS BLOB), x'00') = 0)
BEGIN SELECT RAISE(ABORT, 'correction: reason or clerk is empty, too long or holds control characters'); END;

CREATE TRIGGER department_text BEFORE INSERT ON department
WHEN NOT (length(NEW.name) BETWEEN 1 AND 200 AND trim(NEW.name) = NEW.name
          AND NEW.name NOT GLOB '*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238) || char(8294) || '-' || char(8297) || ']*'
          AND instr(CAST(NEW.name AS BLOB), x'00') = 0)
  OR NOT (length(NEW.created_by) BETWEEN 1 AND 100 AND trim(NEW.created_by) = NEW.created_by
          AND NEW.created_by NOT GLOB '*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238) || char(8294) || '-' || char(8297) || ']*'
          AND instr(CAST(NEW.created_by AS BLOB), x'00') = 0)
BEGIN SELECT RAISE(ABORT, 'department: name or clerk is empty, too long or holds control characters'); END;

CREATE TRIGGER placement_text BEFORE INSERT ON placement
WHEN NOT (length(NEW.recorded_by) BETWEEN 1 AND 100 AND trim(NEW.recorded_by) = NEW.recorded_by
          AND NEW.recorded_by NOT GLOB '*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238) || char(8294) || '-' || char(8297) || ']*'
          AND instr(CAST(NEW.recorded_by AS BLOB), x'00') = 0)
BEGIN SELECT RAISE(ABORT, 'placement: clerk is empty, too long or holds control characters'); END;

CREATE TRIGGER policy_version_text BEFORE INSERT ON policy_version
WHEN NOT (length(NEW.loaded_by) BETWEEN 1 AND 100 AND trim(NEW.loaded_by) = NEW.loaded_by
          AND NEW.loaded_by NOT GLOB '*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238) || char(8294) || '-' || char(8297) || ']*'
          AND instr(CAST(NEW.loaded_by AS BLOB), x'00') = 0)
BEGIN SELECT RAISE(ABORT, 'policy_version: clerk is empty, too long or holds control characters'); END;

-- Dates within a sane range (the code's `CivilDate.acceptedRange`), for new rows.
CREATE TRIGGER period_sane_dates BEFORE INSERT ON period
WHEN NEW.starts < '2000-01-01' OR NEW.ends > '2099-12-31'
BEGIN SELECT RAISE(ABORT, 'period outside 2000-01-01 – 2099-12-31'); END;
CREATE TRIGGER placement_sane_dates BEFORE INSERT ON placement
WHEN NEW.effective_from < '2000-01-01' OR NEW.effective_from > '2099-12-31'
BEGIN SELECT RAISE(ABORT, 'placement date outside 2000-01-01 – 2099-12-31'); END;
