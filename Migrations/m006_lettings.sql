-- VacancyLedger schema, version 6: lettings by route, kept by triggers.
--
-- An audit shows how many of each department's active vacancies of a period are let by
-- each route now: a pending or realised offer by referral, a returned offer by its
-- fallback route (R6), anything else by its decided route. Until now that meant reading
-- every vacancy; this table keeps the figure the way `counters` keeps the others, moved
-- only by the triggers below, so an audit of a whole country's history reads a few
-- thousand rows. `verify` recounts it from the entries.
CREATE TABLE lettings (
    department  TEXT NOT NULL REFERENCES department(id),
    period_id   INTEGER NOT NULL REFERENCES period(id),
    route       TEXT NOT NULL CHECK (route IN ('referral', 'flexible', 'tightened', 'ordinary')),
    dwellings   INTEGER NOT NULL CHECK (dwellings >= 0),
    PRIMARY KEY (department, period_id, route)
) STRICT, WITHOUT ROWID;

INSERT INTO lettings (department, period_id, route, dwellings)
SELECT v.department, v.period_id,
       CASE WHEN v.offered = 1 AND s.outcome = 'returned' THEN v.fallback_route ELSE v.route END AS let_by,
       count(*)
FROM vacancy v
LEFT JOIN settlement s ON s.vacancy_id = v.id
     AND NOT EXISTS (SELECT 1 FROM correction sc WHERE sc.settlement_id = s.id)
WHERE NOT EXISTS (SELECT 1 FROM correction c WHERE c.vacancy_id = v.id)
GROUP BY v.department, v.period_id, let_by;

-- A new vacancy is let by its decided route (an offer: referral).
CREATE TRIGGER lettings_on_vacancy AFTER INSERT ON vacancy
BEGIN
    INSERT INTO lettings (department, period_id, route, dwellings) VALUES (NEW.department, NEW.period_id, NEW.route, 1)
    ON CONFLICT (department, period_id, route) DO UPDATE SET dwellings = dwellings + 1;
END;

-- A returned offer moves from referral to the vacancy's fallback route.
CREATE TRIGGER lettings_on_return AFTER INSERT ON settlement
WHEN NEW.outcome = 'returned'
BEGIN
    UPDATE lettings SET dwellings = dwellings - 1
    WHERE (department, period_id) = (SELECT department, period_id FROM vacancy WHERE id = NEW.vacancy_id)
      AND route = 'referral';
    INSERT INTO lettings (department, period_id, route, dwellings)
    SELECT department, period_id, fallback_route, 1 FROM vacancy WHERE id = NEW.vacancy_id
    ON CONFLICT (department, period_id, route) DO UPDATE SET dwellings = dwellings + 1;
END;

-- Voiding a returned settlement makes the offer pending again: back to referral.
CREATE TRIGGER lettings_on_return_void AFTER INSERT ON correction
WHEN NEW.settlement_id IS NOT NULL AND (SELECT outcome FROM settlement WHERE id = NEW.settlement_id) = 'returned'
BEGIN
    UPDATE lettings SET dwellings = dwellings - 1
    WHERE (department, period_id, route) = (SELECT v.department, v.period_id, v.fallback_route FROM settlement s
                                            JOIN vacancy v ON v.id = s.vacancy_id WHERE s.id = NEW.settlement_id);
    UPDATE lettings SET dwellings = dwellings + 1
    WHERE (department, period_id, route) = (SELECT v.department, v.period_id, 'referral' FROM settlement s
                                            JOIN vacancy v ON v.id = s.vacancy_id WHERE s.id = NEW.settlement_id);
END;

-- A voided vacancy is let by no route: its route as it stood (its settlement still active).
CREATE TRIGGER lettings_on_vacancy_void AFTER INSERT ON correction
WHEN NEW.vacancy_id IS NOT NULL
BEGIN
    UPDATE lettings SET dwellings = dwellings - 1
    WHERE (department, period_id, route) = (
        SELECT v.department, v.period_id,
               CASE WHEN v.offered = 1 AND EXISTS (
                        SELECT 1 FROM settlement s WHERE s.vacancy_id = v.id AND s.outcome = 'returned'
                        AND NOT EXISTS (SELECT 1 FROM correction sc WHERE sc.settlement_id = s.id))
                    THEN v.fallback_route ELSE v.route END
        FROM vacancy v WHERE v.id = NEW.vacancy_id);
END;

CREATE TRIGGER lettings_no_delete BEFORE DELETE ON lettings
BEGIN SELECT RAISE(ABORT, 'lettings are never deleted'); END;
