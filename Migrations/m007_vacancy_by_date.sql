-- VacancyLedger schema, version 7: vacancies by date, for reads over a window (an audit of
-- a year, `vacancies --from/--to`): they read the window's rows, not the whole history.
CREATE INDEX vacancy_by_date ON vacancy (vacancy_date);
