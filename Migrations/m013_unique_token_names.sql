-- VacancyLedger schema, version 13: a token's name is who wrote an entry (`by`), so two
-- tokens in force may not share it; a revoked token's name may be issued again. The
-- library compares names case-folded and refuses first with a clear line; this trigger is
-- the last line of defence (SQLite's lower() folds ASCII only).

CREATE TRIGGER access_token_unique_live_name BEFORE INSERT ON access_token
WHEN EXISTS (SELECT 1 FROM access_token t
             WHERE lower(t.name) = lower(NEW.name)
               AND NOT EXISTS (SELECT 1 FROM token_revocation r WHERE r.token_id = t.id))
BEGIN SELECT RAISE(ABORT, 'access_token: a token in force already has this name'); END;
