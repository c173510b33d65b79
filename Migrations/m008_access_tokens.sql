-- VacancyLedger schema, version 8: who may use the service (`serve`). A token is issued
-- locally (`token issue`), printed once, and only its SHA-256 is kept here. Issuing and
-- revoking are rows of their own tables, chained in the journal like every ledger row, so
-- the history of who could write is as tamper-evident as what they wrote.

CREATE TABLE access_token (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    -- clerk: log and void in one organisation; municipality: settle in every department;
    -- auditor: read only; admin: departments, placements, policies and tokens.
    role          TEXT NOT NULL CHECK (role IN ('clerk', 'municipality', 'auditor', 'admin')),
    -- A clerk belongs to exactly one organisation; no other role has one.
    organisation  TEXT REFERENCES organisation(code),
    token_sha256  TEXT NOT NULL UNIQUE CHECK (length(token_sha256) = 64 AND token_sha256 NOT GLOB '*[^0-9a-f]*'),
    issued_at     TEXT NOT NULL CHECK (length(issued_at) BETWEEN 10 AND 40),
    issued_by     TEXT NOT NULL,
    CHECK ((role = 'clerk') = (organisation IS NOT NULL))
) STRICT;

CREATE TABLE token_revocation (
    token_id    INTEGER PRIMARY KEY REFERENCES access_token(id),
    revoked_at  TEXT NOT NULL CHECK (length(revoked_at) BETWEEN 10 AND 40),
    revoked_by  TEXT NOT NULL
) STRICT;

-- The same free-text rules as m003's triggers: names that are recorded as `by` on entries
-- must be as clean as any other clerk's name.
CREATE TRIGGER access_token_text BEFORE INSERT ON access_token
WHEN NOT (length(NEW.name) BETWEEN 1 AND 100 AND trim(NEW.name) = NEW.name
          AND NEW.name NOT GLOB '*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238) || char(8294) || '-' || char(8297) || ']*'
          AND instr(CAST(NEW.name AS BLOB), x'00') = 0)
  OR NOT (length(NEW.issued_by) BETWEEN 1 AND 100 AND trim(NEW.issued_by) = NEW.issued_by
          AND NEW.issued_by NOT GLOB '*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238) || char(8294) || '-' || char(8297) || ']*'
          AND instr(CAST(NEW.issued_by AS BLOB), x'00') = 0)
BEGIN SELECT RAISE(ABORT, 'access_token: name or issuer is empty, too long or holds control characters'); END;

CREATE TRIGGER token_revocation_text BEFORE INSERT ON token_revocation
WHEN NOT (length(NEW.revoked_by) BETWEEN 1 AND 100 AND trim(NEW.revoked_by) = NEW.revoked_by
          AND NEW.revoked_by NOT GLOB '*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238) || char(8294) || '-' || char(8297) || ']*'
          AND instr(CAST(NEW.revoked_by AS BLOB), x'00') = 0)
BEGIN SELECT RAISE(ABORT, 'token_revocation: revoker is empty, too long or holds control characters'); END;

CREATE TRIGGER access_token_no_update BEFORE UPDATE ON access_token
BEGIN SELECT RAISE(ABORT, 'access_token is append-only'); END;
CREATE TRIGGER access_token_no_delete BEFORE DELETE ON access_token
BEGIN SELECT RAISE(ABORT, 'access_token is append-only'); END;
CREATE TRIGGER token_revocation_no_update BEFORE UPDATE ON token_revocation
BEGIN SELECT RAISE(ABORT, 'token_revocation is append-only'); END;
CREATE TRIGGER token_revocation_no_delete BEFORE DELETE ON token_revocation
BEGIN SELECT RAISE(ABORT, 'token_revocation is append-only'); END;

INSERT INTO journal_kind (kind, table_name) VALUES ('token', 'access_token'), ('token_revocation', 'token_revocation');
