-- VacancyLedger schema, version 2: the indicators a computed placement was based on
-- (RULES.md §2, `placement compute`), so `placement explain` can show which values put a
-- department where. Append-only like every ledger table.
CREATE TABLE placement_basis (
    placement_id               INTEGER PRIMARY KEY REFERENCES placement(id),
    residents                  INTEGER NOT NULL CHECK (residents >= 0),
    area_list                  TEXT NOT NULL CHECK (area_list IN ('udsat', 'parallelsamfund', 'omdannelse', 'forebyggelse', 'none')),
    area_residents             INTEGER NOT NULL CHECK (area_residents >= 0),
    outside_work_share         REAL NOT NULL CHECK (outside_work_share BETWEEN 0 AND 1),
    conviction_ratio           REAL NOT NULL CHECK (conviction_ratio >= 0),
    primary_school_only_share  REAL NOT NULL CHECK (primary_school_only_share BETWEEN 0 AND 1),
    income_ratio               REAL NOT NULL CHECK (income_ratio >= 0),
    referred_share             REAL NOT NULL CHECK (referred_share BETWEEN 0 AND 1),
    at_risk                    INTEGER NOT NULL CHECK (at_risk IN (0, 1)),
    exempt                     INTEGER NOT NULL CHECK (exempt IN (0, 1)),
    need                       TEXT CHECK (need IN ('high', 'medium', 'low')),
    reasons                    TEXT NOT NULL
) STRICT;

CREATE TRIGGER placement_basis_no_update BEFORE UPDATE ON placement_basis
BEGIN SELECT RAISE(ABORT, 'placement_basis is append-only'); END;
CREATE TRIGGER placement_basis_no_delete BEFORE DELETE ON placement_basis
BEGIN SELECT RAISE(ABORT, 'placement_basis is append-only'); END;
