-- VacancyLedger schema, version 4: the non-Western share behind a computed placement.
-- P3 "as if forebyggelse" needs it (almenboligloven § 61 b, RULES.md P3); NULL where the
-- indicators file did not give it, which `placement explain` says. In the hash chain it
-- joins a placement basis's payload only when not NULL (`Journal.Kind.optionalColumns`),
-- so bases chained before this column existed keep their hashes.
ALTER TABLE placement_basis ADD COLUMN non_western_share REAL
    CHECK (non_western_share IS NULL OR non_western_share BETWEEN 0 AND 1);
