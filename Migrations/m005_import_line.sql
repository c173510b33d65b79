-- VacancyLedger schema, version 5: which import brought a vacancy (`vacancy-ledger import`).
-- An imported vacancy is decided exactly as a logged one; this row only records the
-- SHA-256 of the file and the line it came from. Chained like every ledger table.
CREATE TABLE import_line (
    vacancy_id   INTEGER PRIMARY KEY REFERENCES vacancy(id),
    file_sha256  TEXT NOT NULL CHECK (length(file_sha256) = 64 AND file_sha256 NOT GLOB '*[^0-9a-f]*'),
    line         INTEGER NOT NULL CHECK (line >= 2)
) STRICT;

CREATE TRIGGER import_line_no_update BEFORE UPDATE ON import_line
BEGIN SELECT RAISE(ABORT, 'import_line is append-only'); END;
CREATE TRIGGER import_line_no_delete BEFORE DELETE ON import_line
BEGIN SELECT RAISE(ABORT, 'import_line is append-only'); END;

INSERT INTO journal_kind (kind, table_name) VALUES ('import_line', 'import_line');
