-- VacancyLedger schema, version 15: identifiers as Danish addresses write them. The code
-- folds Unicode's width forms (full-width letters, digits and punctuation, U+FF01–U+FF5E,
-- and the ideographic space) to the ordinary characters before it stores a unit, a ref or a
-- department id, so `００１２` and `0012` are one unit; it refuses any other width form
-- (`TextRules.isIdentifierCharacter`). These triggers refuse one that arrives unfolded: the
-- last line of defence for whatever bypasses the code. Rows stored before stay as they are.

CREATE TRIGGER vacancy_folded_identifiers BEFORE INSERT ON vacancy
WHEN NEW.unit GLOB '*[' || char(65280) || '-' || char(65519) || char(12288) || ']*'
  OR (NEW.ref IS NOT NULL AND NEW.ref GLOB '*[' || char(65280) || '-' || char(65519) || char(12288) || ']*')
BEGIN SELECT RAISE(ABORT, 'vacancy: unit or ref holds a full-width or half-width character (stored folded)'); END;

CREATE TRIGGER department_folded_identifiers BEFORE INSERT ON department
WHEN NEW.id GLOB '*[' || char(65280) || '-' || char(65519) || char(12288) || ']*'
BEGIN SELECT RAISE(ABORT, 'department: id holds a full-width or half-width character (stored folded)'); END;
