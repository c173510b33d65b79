-- VacancyLedger schema, version 14: who wrote an entry is its token, not only a name. An
-- entry made through the service records the id of the token that made it beside the name
-- (`recorded_by`, `created_by`); an entry made on the command line has none. A token may
-- carry a last day of validity, and a rotated token names the token it replaces, which is
-- revoked in the same transaction. All three are optional columns of chained rows: they
-- join an entry's payload only when set, so every older entry's hash stays valid.

ALTER TABLE vacancy ADD COLUMN token_id INTEGER REFERENCES access_token(id);
ALTER TABLE settlement ADD COLUMN token_id INTEGER REFERENCES access_token(id);
ALTER TABLE correction ADD COLUMN token_id INTEGER REFERENCES access_token(id);
ALTER TABLE department ADD COLUMN token_id INTEGER REFERENCES access_token(id);
ALTER TABLE placement ADD COLUMN token_id INTEGER REFERENCES access_token(id);

-- The last day the token is accepted (ISO date); from the next day on it is refused.
ALTER TABLE access_token ADD COLUMN expires_on TEXT
    CHECK (expires_on IS NULL OR (length(expires_on) = 10 AND date(expires_on, '+0 days') IS expires_on));
-- The token this one replaces (`token rotate`): same name, role and organisation.
ALTER TABLE access_token ADD COLUMN replaces INTEGER REFERENCES access_token(id);

CREATE UNIQUE INDEX access_token_replaces ON access_token (replaces) WHERE replaces IS NOT NULL;

-- A rotation revokes the old token first and keeps who it is.
CREATE TRIGGER access_token_rotation BEFORE INSERT ON access_token
WHEN NEW.replaces IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM access_token t JOIN token_revocation r ON r.token_id = t.id
    WHERE t.id = NEW.replaces AND t.name = NEW.name AND t.role = NEW.role
      AND t.organisation IS NEW.organisation)
BEGIN SELECT RAISE(ABORT, 'access_token: a rotation replaces a revoked token of the same name, role and organisation'); END;
