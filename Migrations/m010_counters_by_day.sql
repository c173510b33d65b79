-- VacancyLedger schema, version 10: the counters and lettings once more, per vacancy date,
-- kept by triggers exactly as m009 keeps them per month.
--
-- A window that starts or ends inside a month (`audit --from 2025-03-15 --to 2025-11-20`)
-- summed its whole months from `counters_by_month` but recounted the days of the partly
-- covered months from the vacancies: three index searches per vacancy (its settlement and
-- two correction checks). At 1M vacancies those edge days cost as much as a whole audit
-- without a window. With this table an edge day is a range of a few hundred rows, read in
-- key order.
-- A vacancy stays on its date for good: a settlement, a returned offer or a void moves the
-- figures of that day. `verify` recounts the table from the entries, day by day.
CREATE TABLE counters_by_day (
    -- The vacancy date, `YYYY-MM-DD`: first in the key, so a run of days is a range.
    day              TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    department       TEXT NOT NULL REFERENCES department(id),
    period_id        INTEGER NOT NULL REFERENCES period(id),
    vacancies        INTEGER NOT NULL DEFAULT 0 CHECK (vacancies >= 0),
    offered          INTEGER NOT NULL DEFAULT 0 CHECK (offered >= 0),
    pending          INTEGER NOT NULL DEFAULT 0 CHECK (pending >= 0),
    referred         INTEGER NOT NULL DEFAULT 0 CHECK (referred >= 0),
    rehoused         INTEGER NOT NULL DEFAULT 0 CHECK (rehoused >= 0),
    returned         INTEGER NOT NULL DEFAULT 0 CHECK (returned >= 0),
    withheld_cap     INTEGER NOT NULL DEFAULT 0 CHECK (withheld_cap >= 0),
    withheld_fourth  INTEGER NOT NULL DEFAULT 0 CHECK (withheld_fourth >= 0),
    withheld_exempt  INTEGER NOT NULL DEFAULT 0 CHECK (withheld_exempt >= 0),
    -- Active vacancies by the route they are let by now (as `lettings`, m006).
    let_referral     INTEGER NOT NULL DEFAULT 0 CHECK (let_referral >= 0),
    let_flexible     INTEGER NOT NULL DEFAULT 0 CHECK (let_flexible >= 0),
    let_tightened    INTEGER NOT NULL DEFAULT 0 CHECK (let_tightened >= 0),
    let_ordinary     INTEGER NOT NULL DEFAULT 0 CHECK (let_ordinary >= 0),
    PRIMARY KEY (day, department, period_id),
    CHECK (offered = pending + referred + rehoused + returned),
    CHECK (offered + withheld_cap + withheld_fourth + withheld_exempt <= vacancies),
    -- Every active vacancy is let by exactly one route.
    CHECK (let_referral + let_flexible + let_tightened + let_ordinary = vacancies)
) STRICT, WITHOUT ROWID;

-- The history so far, the way the triggers below would have kept it: active vacancies,
-- each with its active settlement if any, let by referral unless its offer was returned.
INSERT INTO counters_by_day (day, department, period_id, vacancies, offered, pending, referred, rehoused, returned,
                             withheld_cap, withheld_fourth, withheld_exempt,
                             let_referral, let_flexible, let_tightened, let_ordinary)
SELECT vacancy_date, department, period_id, count(*), sum(offered), sum(offered AND outcome IS NULL),
       sum(outcome IS 'referred'), sum(outcome IS 'rehoused'), sum(outcome IS 'returned'),
       sum(withheld IS 'cap'), sum(withheld IS 'fourth'), sum(withheld IS 'exempt'),
       sum(let_by = 'referral'), sum(let_by = 'flexible'), sum(let_by = 'tightened'), sum(let_by = 'ordinary')
FROM (SELECT v.vacancy_date, v.department, v.period_id, v.offered, v.withheld, s.outcome,
             CASE WHEN v.offered = 1 AND s.outcome = 'returned' THEN v.fallback_route ELSE v.route END AS let_by
      FROM vacancy v
      LEFT JOIN settlement s ON s.vacancy_id = v.id
           AND NOT EXISTS (SELECT 1 FROM correction sc WHERE sc.settlement_id = s.id)
      WHERE NOT EXISTS (SELECT 1 FROM correction c WHERE c.vacancy_id = v.id))
GROUP BY 1, 2, 3;

CREATE TRIGGER counters_by_day_on_vacancy AFTER INSERT ON vacancy
BEGIN
    INSERT INTO counters_by_day (day, department, period_id, vacancies, offered, pending,
                                 withheld_cap, withheld_fourth, withheld_exempt,
                                 let_referral, let_flexible, let_tightened, let_ordinary)
    VALUES (NEW.vacancy_date, NEW.department, NEW.period_id, 1, NEW.offered, NEW.offered,
            NEW.withheld IS 'cap', NEW.withheld IS 'fourth', NEW.withheld IS 'exempt',
            NEW.route = 'referral', NEW.route = 'flexible', NEW.route = 'tightened', NEW.route = 'ordinary')
    ON CONFLICT (day, department, period_id) DO UPDATE SET
        vacancies = vacancies + 1,
        offered = offered + excluded.offered,
        pending = pending + excluded.pending,
        withheld_cap = withheld_cap + excluded.withheld_cap,
        withheld_fourth = withheld_fourth + excluded.withheld_fourth,
        withheld_exempt = withheld_exempt + excluded.withheld_exempt,
        let_referral = let_referral + excluded.let_referral,
        let_flexible = let_flexible + excluded.let_flexible,
        let_tightened = let_tightened + excluded.let_tightened,
        let_ordinary = let_ordinary + excluded.let_ordinary;
END;

-- A settlement ends the offer's pending; a returned offer is let by its fallback route (R6).
CREATE TRIGGER counters_by_day_on_settlement AFTER INSERT ON settlement
BEGIN
    UPDATE counters_by_day SET
        pending = counters_by_day.pending - 1,
        referred = counters_by_day.referred + (NEW.outcome = 'referred'),
        rehoused = counters_by_day.rehoused + (NEW.outcome = 'rehoused'),
        returned = counters_by_day.returned + (NEW.outcome = 'returned'),
        let_referral = counters_by_day.let_referral - (NEW.outcome = 'returned'),
        let_flexible = counters_by_day.let_flexible + (NEW.outcome = 'returned' AND v.fallback_route = 'flexible'),
        let_tightened = counters_by_day.let_tightened + (NEW.outcome = 'returned' AND v.fallback_route = 'tightened'),
        let_ordinary = counters_by_day.let_ordinary + (NEW.outcome = 'returned' AND v.fallback_route = 'ordinary')
    FROM (SELECT vacancy_date, department, period_id, fallback_route FROM vacancy WHERE id = NEW.vacancy_id) AS v
    WHERE counters_by_day.day = v.vacancy_date
      AND counters_by_day.department = v.department AND counters_by_day.period_id = v.period_id;
END;

-- A voided settlement makes the offer pending again, let by referral.
CREATE TRIGGER counters_by_day_on_settlement_void AFTER INSERT ON correction
WHEN NEW.settlement_id IS NOT NULL
BEGIN
    UPDATE counters_by_day SET
        pending = counters_by_day.pending + 1,
        referred = counters_by_day.referred - (s.outcome = 'referred'),
        rehoused = counters_by_day.rehoused - (s.outcome = 'rehoused'),
        returned = counters_by_day.returned - (s.outcome = 'returned'),
        let_referral = counters_by_day.let_referral + (s.outcome = 'returned'),
        let_flexible = counters_by_day.let_flexible - (s.outcome = 'returned' AND s.fallback_route = 'flexible'),
        let_tightened = counters_by_day.let_tightened - (s.outcome = 'returned' AND s.fallback_route = 'tightened'),
        let_ordinary = counters_by_day.let_ordinary - (s.outcome = 'returned' AND s.fallback_route = 'ordinary')
    FROM (SELECT s.outcome, v.vacancy_date, v.department, v.period_id, v.fallback_route
          FROM settlement s JOIN vacancy v ON v.id = s.vacancy_id WHERE s.id = NEW.settlement_id) AS s
    WHERE counters_by_day.day = s.vacancy_date
      AND counters_by_day.department = s.department AND counters_by_day.period_id = s.period_id;
END;

-- A voided vacancy leaves its day with whatever active settlement it had.
CREATE TRIGGER counters_by_day_on_vacancy_void AFTER INSERT ON correction
WHEN NEW.vacancy_id IS NOT NULL
BEGIN
    UPDATE counters_by_day SET
        vacancies = counters_by_day.vacancies - 1,
        offered = counters_by_day.offered - v.offered,
        pending = counters_by_day.pending - (v.offered AND v.outcome IS NULL),
        referred = counters_by_day.referred - (v.outcome IS 'referred'),
        rehoused = counters_by_day.rehoused - (v.outcome IS 'rehoused'),
        returned = counters_by_day.returned - (v.outcome IS 'returned'),
        withheld_cap = counters_by_day.withheld_cap - (v.withheld IS 'cap'),
        withheld_fourth = counters_by_day.withheld_fourth - (v.withheld IS 'fourth'),
        withheld_exempt = counters_by_day.withheld_exempt - (v.withheld IS 'exempt'),
        let_referral = counters_by_day.let_referral - (v.let_by = 'referral'),
        let_flexible = counters_by_day.let_flexible - (v.let_by = 'flexible'),
        let_tightened = counters_by_day.let_tightened - (v.let_by = 'tightened'),
        let_ordinary = counters_by_day.let_ordinary - (v.let_by = 'ordinary')
    FROM (SELECT v.vacancy_date, v.department, v.period_id, v.offered, v.withheld, s.outcome,
                 CASE WHEN v.offered = 1 AND s.outcome IS 'returned' THEN v.fallback_route ELSE v.route END AS let_by
          FROM vacancy v
          LEFT JOIN settlement s ON s.vacancy_id = v.id
               AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.settlement_id = s.id)
          WHERE v.id = NEW.vacancy_id) AS v
    WHERE counters_by_day.day = v.vacancy_date
      AND counters_by_day.department = v.department AND counters_by_day.period_id = v.period_id;
END;

CREATE TRIGGER counters_by_day_no_delete BEFORE DELETE ON counters_by_day
BEGIN SELECT RAISE(ABORT, 'counters are never deleted'); END;
