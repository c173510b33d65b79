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
            return Phrase.errDepartmentExists.text(id)
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
            return Phrase.errNoSettlement.text(vacancy)
        case let .placement(conflict):
            return placement(conflict)
        case let .policyFile(detail):
            return Phrase.errPolicyFile.text(detail)
        case let .policyConflict(.cycleChanged(period, version, capEvery, rehousingEvery)):
            return Phrase.errCycleChanged.text(Local.period("\(period.start)/\(period.end)"), version, capEvery, rehousingEvery)
        case let .policyConflict(.overlaps(period, loaded)):
            return Phrase.errPeriodOverlaps.text(Local.period("\(period.start)/\(period.end)"), Local.period("\(loaded.start)/\(loaded.end)"))
        case let .badFile(field, path, line, problem, accepted):
            let whereText = [path.map { "\(flag(field)) \(shown($0))" } ?? flag(field), line.map { Phrase.errLine.text($0) }].compactMap { $0 }.joined(separator: ", ")
            return Phrase.errInvalid.text(whereText + ":", describe(problem), describe(accepted, field: field))
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
            return Phrase.errTokenUnknownID.text(id)
        case let .tokenAlreadyRevoked(id, date):
            return Phrase.errTokenRevokedAt.text(id, date)
        case let .tokenNameTaken(name, id):
            return Phrase.errTokenNameTaken.text(shown(name), id)
        case let .unknownOrganisation(code, known):
            return Phrase.errUnknownOrganisation.text(shown(code), known.isEmpty ? "`department add`" : known.joined(separator: ", "))
        case .noAgreementLoaded:
            return Phrase.errNoAgreement.text()
        case let .notADemoLedger(path):
            return Phrase.errNotDemo.text(shown(path))

        case let .noLedger(path):
            return Phrase.errNoLedger.text(shown(path))
        case let .notSQLite(path):
            return Phrase.errNotSQLite.text(shown(path))
        case let .notALedger(path):
            return Phrase.errNotALedger.text(shown(path))
        case let .notInitialised(path):
            return Phrase.errNotInitialised.text(shown(path), path)
        case let .newerSchema(path, supported):
            return Phrase.errNewerSchema.text(shown(path), supported)
        case let .olderSchema(path):
            return Phrase.errOlderSchema.text(shown(path), path)
        case let .crashJournal(path):
            return Phrase.errCrashJournal.text(shown(path), path)
        case let .walWithoutSharedMemory(path):
            return Phrase.errWALNoSHM.text(shown(path))
        case let .damaged(detail):
            return Phrase.errDamaged.text(detail)
        case let .constraint(detail):
            return Phrase.errConstraint.text(detail)

        case .interrupted:
            return Phrase.errInterrupted.text()
        case let .locked(seconds):
            return Phrase.errLocked.text(seconds)
        case let .io(field, path, reason):
            let what = field.map { $0 == .ledger ? Phrase.errTheLedger.text(shown(path)) : "\(flag($0)) \(shown(path))" } ?? shown(path)
            return Phrase.errIO.text(what, describe(reason))
        case let .database(detail):
            return Phrase.errDatabase.text(detail)
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
            return Phrase.errYearOutside.text(flag(field), shown(value), years.lowerBound, years.upperBound)
        case let .text(maxLength, .empty):
            return Phrase.errEmpty.text(flag(field), shown(value), maxLength)
        case let .text(maxLength, .controlCharacter(scalar)):
            return Phrase.errControlChar.text(flag(field), shown(value), TextRules.escape(scalar), maxLength)
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
        case .calendarDate: Phrase.accCalendarDate.text()
        case let .fileDate(form, line):
            form.map { Phrase.accFileDateForm.text($0.rawValue, line) } ?? Phrase.accFileDate.text()
        case let .dateIn(range): "\(Local.date(range.start)) – \(Local.date(range.end))"
        case let .yearIn(years): "\(years.lowerBound)–\(years.upperBound)"
        case .departmentID: DepartmentID.accepted
        case let .text(maxLength, _): Phrase.accText.text(maxLength)
        case let .wholeNumber(atLeast): Phrase.accWholeNumber.text(atLeast)
        case .share: Phrase.accShare.text()
        case let .decimal(max): Phrase.accDecimal.text(percentFree(max))
        case .rate: Phrase.accRate.text()
        case .step: Phrase.accStep.text()
        case .criteria: Phrase.accCriteria.text()
        case .trueOrFalse: Phrase.accTrueOrFalse.text()
        case let .oneOf(values): values.joined(separator: ", ")
        case let .beforeOrOn(other): Phrase.accBeforeOrOn.text(flag(other))
        case let .needs(other): Phrase.accNeeds.text(flag(other))
        case .eachOnce: (field == .column ? Phrase.accEachValueOnce : .accEachOnce).text()
        case let .fileWrittenBy(command): Phrase.accFileWrittenBy.text(command)
        case let .columns(header, optional):
            header.joined(separator: ",") + (optional.isEmpty ? "" : Phrase.accOptionally.text(optional.joined(separator: ",")))
        case let .columnCount(count): Phrase.accColumnCount.text(count)
        case .utf8File: Phrase.accUTF8File.text()
        case let .together(a, b): Phrase.accTogether.text(a, b)
        }
    }

    private static func percentFree(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    static func describe(_ problem: LedgerError.FileProblem) -> String {
        switch problem {
        case let .notCSV(detail): Phrase.fileNotCSV.text(detail)
        case let .header(found): Phrase.fileHeader.text(TextRules.shown(found, limit: 200))
        case let .columnCount(count): Phrase.fileColumns.text(count)
        case .notACheckpoint: Phrase.fileNotCheckpoint.text()
        case .empty: Phrase.fileEmpty.text()
        case .notAKey: Phrase.fileNotKey.text()
        case let .notAnExport(why): why
        case .unreadable: Phrase.fileUnreadable.text()
        case .notUTF8: Phrase.fileNotUTF8.text()
        }
    }

    static func describe(_ reason: LedgerError.IOReason) -> String {
        switch reason {
        case let .folderMissing(folder): Phrase.ioFolderMissing.text(shown(folder))
        case let .permissionDenied(folder): Phrase.ioPermission.text(shown(folder))
        case .readOnlyFileSystem: Phrase.ioReadOnly.text()
        case .diskFull: Phrase.ioDiskFull.text()
        case .quota: Phrase.ioQuota.text()
        case .notAFolder: Phrase.ioNotAFolder.text()
        case .isAFolder: Phrase.ioIsAFolder.text()
        case .nameTooLong: Phrase.ioNameTooLong.text()
        case let .other(detail): detail
        }
    }

    private static func placement(_ conflict: LedgerError.PlacementConflict) -> String {
        switch conflict {
        case let .misfit(flag, staircase, step):
            let accepted = switch flag {
            case "step": Phrase.placeStepRange.text()
            case "base-step": "--base-step 1–4"
            case "at-risk": Phrase.placeAtRiskOnly.text()
            case "exempt": Phrase.placeExemptOnly.text()
            case "criteria": Phrase.placeCriteriaOnly.text()
            default: Phrase.placeReservedOnly.text()
            }
            return Phrase.placeMisfit.text(flag, Words.staircase(staircase), step, accepted)
        case let .baseStepOnArea(base):
            return Phrase.placeBaseOnArea.text(base)
        case let .tooManyReserved(reserved, units):
            return Phrase.placeTooManyReserved.text(reserved, units)
        case let .sameDate(department, date):
            return Phrase.placeSameDate.text(department, Local.date(date))
        case let .retroactive(department, from, latest):
            return Phrase.placeRetroactive.text(Local.date(from), Local.date(latest), department)
        case let .baseStepContradicts(department, given, fixed, period):
            return Phrase.placeBaseContradicts.text(given, department, fixed, Local.period("\(period.start)/\(period.end)"))
        }
    }

    private static func outputRefused(_ field: LedgerError.Field, _ path: String, _ reason: LedgerError.OutputRefusal) -> String {
        let what = "\(flag(field)) \(shown(path))"
        return switch reason {
        case .isTheLedger: Phrase.outIsLedger.text(what)
        case .isADatabase: Phrase.outIsDatabase.text(what)
        case .isAFolder: Phrase.outIsFolder.text(what)
        case .exists: Phrase.errExists.text(what)
        case .appearedMeanwhile: Phrase.outAppeared.text(what)
        case let .unknownExtension(ext): Phrase.errUnknownExtension.text(what, ext)
        case .keyExists: Phrase.outKeyExists.text(what)
        }
    }
}
