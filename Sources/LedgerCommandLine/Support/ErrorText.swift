import Foundation
import VacancyLedger

/// The one place a `LedgerError` becomes text: one line naming the bad value and what
/// would be accepted, in the CLI's own words and flag names. `Diagnostics` prints it and
/// maps the error's category to an exit code; the service sends the same line.
package enum ErrorText {
    package static func line(_ error: LedgerError) -> String {
        switch error {
        case let .settlementRefused(vacancy, outcome, department, settledOn, breaksOn, realised, vacancies, capEvery, holdsFrom):
            // Advice that stays true under the dated rule: a later settlement date holds only
            // where the ledger already has the vacancies for it.
            let later = holdsFrom.map { Phrase.errSettlementLater.text(Local.date($0)) } ?? Phrase.errSettlementNever.text()
            return Phrase.errSettlementRefused.text(outcome.rawValue, vacancy, Local.date(settledOn), realised, vacancies, department,
                                                    Local.date(breaksOn), capEvery, later)
        case let .voidRefused(vacancy, department, breaksOn, realised, vacancies, capEvery):
            return Phrase.errVoidRefused.text(vacancy, realised, vacancies, department, Local.date(breaksOn), capEvery)

        case let .invalid(field, value, accepted):
            return invalid(field, value, accepted)
        case let .invalidCell(column, value, accepted):
            return "column \(column): \(shown(value)) (accepted: \(describe(accepted, field: .column)))"
        case let .outsideAgreement(field, date, loaded):
            let periods = loaded.map { "\($0.start)/\($0.end)" }.joined(separator: ", ")
            return Phrase.errOutsideAgreement.text(flag(field), Local.date(date), periods.isEmpty ? "`init --policy`" : periods)
        case let .unknownDepartment(id):
            return Phrase.errUnknownDepartment.text(id)
        case let .unknownVacancy(id):
            return Phrase.errUnknownVacancy.text(id)
        case let .departmentExists(id):
            return "department \(id) already exists (accepted: a new id; use `department place` to move it)"
        case let .refReused(ref, vacancy, department, unit, date, reservedUnit):
            return Phrase.errRefReused.text(shown(ref), vacancy, shown(unit), Local.date(date), reservedUnit ? Phrase.errReservedMark.text() : "", department)
        case let .noPlacementInForce(department, date):
            return Phrase.errNoPlacement.text(department, date.map { Local.date($0) } ?? Phrase.errAnyDate.text())
        case let .reservedUnitNotAllowed(department, date):
            return Phrase.errReservedNotAllowed.text(department, Local.date(date))
        case let .notOffered(vacancy, withheld, patternRoute):
            return withheld.map { Phrase.errNotOfferedWithheld.text(vacancy, Words.withheld($0)) }
                ?? Phrase.errNotOfferedRoute.text(vacancy, Words.letBy(patternRoute))
        case let .alreadySettled(vacancy, outcome, date):
            return Phrase.errAlreadySettled.text(vacancy, Words.outcome(outcome), Local.date(date))
        case let .settledBeforeVacancy(vacancy, date, vacancyDate):
            return Phrase.errSettledBefore.text(Local.date(date), vacancy, Local.date(vacancyDate))
        case let .vacancyIsVoid(vacancy, by, reason):
            return Phrase.errVacancyVoid.text(vacancy, shown(by), shown(reason))
        case let .noSettlementToVoid(vacancy):
            return "vacancy \(vacancy) has no settlement to void (accepted: a settled offer; without --settlement the vacancy itself is voided)"
        case let .placement(conflict):
            return placement(conflict)
        case let .policyFile(detail):
            return "malformed policy file: \(detail)"
        case let .policyConflict(.cycleChanged(period, version, capEvery, rehousingEvery)):
            return "policy changes referralCap.every or rehousing.every within period \(period.start)/\(period.end) (accepted: the values of version \(version), \(capEvery) and \(rehousingEvery); logged vacancies depend on them)"
        case let .policyConflict(.overlaps(period, loaded)):
            return "policy period \(period.start)/\(period.end) overlaps the loaded period \(loaded.start)/\(loaded.end) (accepted: the same period, or one that does not overlap)"
        case let .badFile(field, path, line, problem, accepted):
            let whereText = [path.map { "\(flag(field)) \(shown($0))" } ?? flag(field), line.map { "line \($0)" }].compactMap { $0 }.joined(separator: ", ")
            return "\(whereText): \(describe(problem)) (accepted: \(describe(accepted, field: field)))"
        case let .importRejected(errors):
            let shown = errors.prefix(3).map { self.line($0) }.joined(separator: "; ")
            return Phrase.errImportRejected.text(Local.count(errors.count), shown, errors.count > 3 ? Phrase.errMoreInReport.text() : "")
        case let .importForbidden(errors):
            let shown = errors.prefix(3).map { self.line($0) }.joined(separator: "; ")
            return Phrase.errImportForbidden.text(Local.count(errors.count), shown, errors.count > 3 ? Phrase.errMoreInReport.text() : "")
        case let .atLine(line, inner):
            return Phrase.errAtLine.text(line, self.line(inner))
        case let .outputRefused(field, path, reason):
            return outputRefused(field, path, reason)
        case let .forbidden(role, organisation, action, department):
            let who = role == .clerk ? Phrase.errClerkOf.text(organisation ?? "?") : Phrase.errRole.text(role.rawValue)
            let target = department.map { Phrase.errIn.text($0) } ?? ""
            return Phrase.errForbidden.text(who, action, target, allowed(role, organisation))
        case let .unauthenticated(problem):
            let what = switch problem {
            case .missing: Phrase.errNoToken.text()
            case .unknown: Phrase.errUnknownToken.text()
            case .revoked: Phrase.errRevokedToken.text()
            case .expired: Phrase.errExpiredToken.text()
            }
            return Phrase.errUnauthenticated.text(what)
        case let .unknownToken(id):
            return "unknown token \(id) (accepted: a token id shown by `token list`)"
        case let .tokenAlreadyRevoked(id, date):
            return "token \(id) was already revoked at \(date) (accepted: a token that is in force; see `token list`)"
        case let .tokenNameTaken(name, id):
            return "the name \(shown(name)) is taken by token \(id), which is in force (accepted: a name no token in force has, or `token revoke \(id)` first)"
        case let .unknownOrganisation(code, known):
            return "unknown organisation \(shown(code)) (accepted: the prefix of a department id: \(known.isEmpty ? "add a department first" : known.joined(separator: ", ")))"
        case .noAgreementLoaded:
            return "no agreement period is loaded (run `vacancy-ledger init`, or `init --policy FILE`)"
        case let .notADemoLedger(path):
            return "\(shown(path)) is a ledger with entries not made by the demo; the demo never replaces it (accepted: a new path, or a previous demo ledger)"

        case let .noLedger(path):
            return Phrase.errNoLedger.text(shown(path))
        case let .notSQLite(path):
            return "\(shown(path)) is not an SQLite database (accepted: a ledger file, or a new path)"
        case let .notALedger(path):
            return "\(shown(path)) is an SQLite file but not a vacancy ledger (accepted: a ledger file, or a new path)"
        case let .notInitialised(path):
            return "\(shown(path)) is not an initialised vacancy ledger (run `vacancy-ledger init --db \(path)` to finish it)"
        case let .newerSchema(path, supported):
            return "\(shown(path)) was written by a newer version of vacancy-ledger (accepted: a ledger of schema \(supported) or older)"
        case let .olderSchema(path):
            return "\(shown(path)) was written by an older version (run `vacancy-ledger init --db \(path)` to upgrade it)"
        case let .crashJournal(path):
            return "\(shown(path)) has an unfinished transaction from a crash (\(path)-journal); run `vacancy-ledger init --db \(path)` where the file can be written, to roll it back"
        case let .walWithoutSharedMemory(path):
            return "\(shown(path)) has a write-ahead log (-wal) but no -shm, in a place this user cannot write (accepted: a copy made with `vacancy-ledger backup`, or the ledger where it can be written)"
        case let .damaged(detail):
            return "the ledger is damaged: \(detail) (run `vacancy-ledger verify`)"
        case let .constraint(detail):
            return "the database refused the entry (\(detail)); nothing was written"

        case .interrupted:
            return "the read was stopped: its client went away or its answer ran out of time; nothing was written (accepted: the request again, or a narrower one)"
        case let .locked(seconds):
            return Phrase.errLocked.text(seconds)
        case let .io(field, path, reason):
            let what = field.map { $0 == .ledger ? "the ledger \(shown(path))" : "\(flag($0)) \(shown(path))" } ?? shown(path)
            return "\(what): \(describe(reason)); nothing was written"
        case let .database(detail):
            return "database error: \(detail)"
        }
    }

    /// What a role may do, for the "accepted" part of a refusal.
    private static func allowed(_ role: Role, _ organisation: String?) -> String {
        switch role {
        case .clerk: Phrase.errAllowedClerk.text(organisation ?? "?")
        case .municipality: Phrase.errAllowedMunicipality.text()
        case .auditor: Phrase.errAllowedAuditor.text()
        case .admin: Phrase.errAllowedAdmin.text()
        }
    }

    /// The CLI's name for a field: its flag.
    static func flag(_ field: LedgerError.Field) -> String {
        switch field {
        case .date: "--date"
        case .unit: "--unit"
        case .ref: "--ref"
        case .clerk: "--by"
        case .name: "--name"
        case .reason: "--reason"
        case .units: "--units"
        case .department: "department id"
        case .vacancy: "vacancy"
        case .from: "--from"
        case .to: "--to"
        case .year: "--year"
        case .asOf: "--as-of"
        case .pendingOver: "--pending-over"
        case .effective: "--effective"
        case .turnover: "--turnover"
        case .usedShare: "--used-share"
        case .baseStep: "--base-step"
        case .reserved: "--reserved"
        case .output: "-o"
        case .html: "--html"
        case .key: "--key"
        case .publicKey: "--public-key"
        case .checkpoint: "--checkpoint"
        case .exportFile: "--export"
        case .policyFile: "--policy"
        case .importFile: "import file"
        case .indicatorsFile: "indicators file"
        case .backup: "backup"
        case .ledger: "the ledger"
        case .column: "column"
        case .organisation: "--organisation"
        case .role: "--role"
        case .token: "token"
        case .expires: "--expires"
        case .columns: "the table width (COLUMNS)"
        case .server: "--server"
        case .olderThan: "--older-than"
        case .outcome: "--outcome"
        case .format: "--format"
        case .staircase: "--staircase"
        case .criteria: "--criteria"
        case .body: "request body"
        case .grouping: "--by"
        case .step: "--step"
        }
    }

    static func shown(_ value: String) -> String { TextRules.shown(value) }

    private static func invalid(_ field: LedgerError.Field, _ value: String, _ accepted: LedgerError.Accepted) -> String {
        switch accepted {
        case .calendarDate:
            return Phrase.errBadDate.text(flag(field), shown(value))
        case let .dateIn(range):
            return Phrase.errDateOutside.text(flag(field), shown(value), Local.date(range.start), Local.date(range.end))
        case let .yearIn(years):
            return "\(flag(field)) \(shown(value)) is outside the years the ledger accepts (accepted: \(years.lowerBound)–\(years.upperBound))"
        case let .text(maxLength, .empty):
            return Phrase.errEmpty.text(flag(field), shown(value), maxLength)
        case let .text(maxLength, .controlCharacter(scalar)):
            return "\(flag(field)) \(shown(value)) holds the control character \(TextRules.escape(scalar)) (accepted: 1–\(maxLength) printable characters on one line)"
        case let .text(_, .notAllowed(scalar)):
            return Phrase.errNotAllowedChar.text(flag(field), shown(value), shown(String(scalar)), TextRules.identifierPunctuation.map(String.init).joined(separator: " "))
        case let .text(maxLength, .tooLong(count)):
            return Phrase.errTooLong.text(flag(field), shown(value), count, maxLength)
        case .departmentID:
            return Phrase.errMalformedID.text(flag(field), shown(value), DepartmentID.accepted)
        default:
            return Phrase.errInvalid.text(flag(field), shown(value), describe(accepted, field: field))
        }
    }

    static func describe(_ accepted: LedgerError.Accepted, field: LedgerError.Field) -> String {
        switch accepted {
        case .calendarDate: "YYYY-MM-DD, DD-MM-YYYY or D.M.YYYY, a real calendar date"
        case let .fileDate(form, line):
            form.map { "\($0.rawValue), the form of line \(line) (one form throughout the file)" } ?? "YYYY-MM-DD or DD-MM-YYYY, a real calendar date"
        case let .dateIn(range): "\(range.start) – \(range.end)"
        case let .yearIn(years): "\(years.lowerBound)–\(years.upperBound)"
        case .departmentID: DepartmentID.accepted
        case let .text(maxLength, _): "1–\(maxLength) printable characters, not only blanks"
        case let .wholeNumber(atLeast): "a whole number, \(atLeast) or more"
        case .share: "a decimal number 0–1 (a share, 0.25 = 25 %)"
        case let .decimal(max): "a decimal number 0–\(percentFree(max))"
        case .rate: "a share of the dwellings, 0 < rate ≤ 1, e.g. 0.10"
        case .step: "1–2 on area, 1–4 on department"
        case .criteria: "employment;convictions;education;income, each at most once"
        case .trueOrFalse: "true or false"
        case let .oneOf(values): values.joined(separator: ", ")
        case let .beforeOrOn(other): "a date on or before \(flag(other))"
        case let .needs(other): "together with \(flag(other))"
        case .eachOnce: "each \(field == .column ? "value" : "one") once in the file"
        case let .fileWrittenBy(command): "a file written by `vacancy-ledger \(command)`"
        case let .columns(header, optional):
            header.joined(separator: ",") + (optional.isEmpty ? "" : ", optionally followed by \(optional.joined(separator: ","))")
        case let .columnCount(count): "\(count) columns, as in the header"
        case .utf8File: "the path of a UTF-8 text file"
        case let .together(a, b): "\(a) and \(b) together, or neither"
        }
    }

    private static func percentFree(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    static func describe(_ problem: LedgerError.FileProblem) -> String {
        switch problem {
        case let .notCSV(detail): "not valid CSV (\(detail))"
        case let .header(found): "header is \(TextRules.shown(found, limit: 200))"
        case let .columnCount(count): "\(count) columns"
        case .notACheckpoint: "not a checkpoint"
        case .empty: "holds no checkpoint"
        case .notAKey: "not an Ed25519 key"
        case let .notAnExport(why): why
        case .unreadable: "no readable file there"
        case .notUTF8: "not UTF-8 text"
        }
    }

    static func describe(_ reason: LedgerError.IOReason) -> String {
        switch reason {
        case let .folderMissing(folder): "cannot write it: the folder \(shown(folder)) does not exist"
        case let .permissionDenied(folder): "cannot write it: permission denied (this user may not write in \(shown(folder)))"
        case .readOnlyFileSystem: "cannot write it: the file system is read-only"
        case .diskFull: "cannot write it: the disk is full"
        case .quota: "cannot write it: the disk quota is used up"
        case .notAFolder: "cannot write it: a part of the path is not a folder"
        case .isAFolder: "cannot write it: it is a folder"
        case .nameTooLong: "cannot write it: the name is too long"
        case let .other(detail): detail
        }
    }

    private static func placement(_ conflict: LedgerError.PlacementConflict) -> String {
        switch conflict {
        case let .misfit(flag, staircase, step):
            let accepted = switch flag {
            case "step": "1–2 on the area staircase, 1–4 on the department staircase"
            case "base-step": "--base-step 1–4"
            case "at-risk": "--at-risk only on department step 1"
            case "exempt": "--exempt only on department step 2"
            case "criteria": "--criteria only on area step 1"
            default: "--reserved 0 or more, only on the department staircase"
            }
            return "--\(flag) does not fit a placement on \(staircase.rawValue) step \(step) (accepted: \(accepted))"
        case let .baseStepOnArea(base):
            return "--base-step \(base) on the area staircase (accepted only on the department staircase; area placements have no base step)"
        case let .tooManyReserved(reserved, units):
            return "--reserved \(reserved) is more than the department's \(units) units (accepted: 0–\(units))"
        case let .sameDate(department, date):
            return "department \(department) already has a placement from \(date) (accepted: a later --from; placements are never changed)"
        case let .retroactive(department, from, latest):
            return "--from \(from) is on or before \(latest), the date of a vacancy already logged in \(department) (accepted: a date after \(latest); placements are never retroactive)"
        case let .baseStepContradicts(department, given, fixed, period):
            return "--base-step \(given) contradicts \(department)'s base step \(fixed) for the period \(period.start)/\(period.end) (R3; accepted: \(fixed), or leave it out)"
        }
    }

    private static func outputRefused(_ field: LedgerError.Field, _ path: String, _ reason: LedgerError.OutputRefusal) -> String {
        let what = "\(flag(field)) \(shown(path))"
        return switch reason {
        case .isTheLedger: "\(what) is the ledger itself; nothing was written (accepted: a new file, or a report file to replace)"
        case .isADatabase: "\(what) is an SQLite database and is never overwritten; nothing was written (accepted: a new file, or a report file to replace)"
        case .isAFolder: "\(what) is a folder; nothing was written (accepted: a file name)"
        case .exists: Phrase.errExists.text(what)
        case .appearedMeanwhile: "\(what) appeared while the copy was made; nothing was written (accepted: a new file name)"
        case let .unknownExtension(ext): Phrase.errUnknownExtension.text(what, ext)
        case .keyExists: "\(what) exists; a key is never overwritten (accepted: a new file name)"
        }
    }
}
