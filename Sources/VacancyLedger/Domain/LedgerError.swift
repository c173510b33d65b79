/// Every way a use case can fail, with what a person needs to put it right. The library
/// never renders these as text: the CLI does (`ErrorText`), in one place, with its own flag
/// names, and maps each `category` to an exit code; the service maps the same categories
/// to HTTP statuses. Tests match on cases.
public enum LedgerError: Error, Equatable, Sendable {
    // MARK: Refused by a rule of the agreement (exit 3)

    /// S1: realising this outcome settled on `settledOn` would make realised referral
    /// `realised` of `vacancies` on `breaksOn` (counted by dates), more than one in
    /// `capEvery` (I1); settled on or after `holdsFrom` it would hold (`nil`: on no date of
    /// the period, with the vacancies the ledger holds).
    case settlementRefused(vacancy: Int64, outcome: Outcome, department: DepartmentID, settledOn: CivilDate,
                           breaksOn: CivilDate, realised: Int, vacancies: Int, capEvery: Int, holdsFrom: CivilDate?)
    /// I1: voiding the vacancy would leave realised referral `realised` of `vacancies` on
    /// `breaksOn`, above one in `capEvery`.
    case voidRefused(vacancy: Int64, department: DepartmentID, breaksOn: CivilDate, realised: Int, vacancies: Int,
                     capEvery: Int)

    // MARK: Not allowed through the service (exit 77; HTTP 401 / 403)

    /// The caller's token may not do this (a clerk outside its organisation, an auditor writing).
    case forbidden(role: Role, organisation: String?, action: String, department: DepartmentID?)
    /// No token, or one the ledger does not know or has revoked.
    case unauthenticated(TokenProblem)

    // MARK: Bad input or a state conflict (exit 65)

    /// A malformed value: `accepted` says what would be.
    case invalid(Field, value: String, accepted: Accepted)
    /// R7: a date in no loaded agreement period.
    case outsideAgreement(Field, date: CivilDate, loaded: [DateRange])
    case unknownDepartment(DepartmentID)
    case unknownVacancy(Int64)
    case departmentExists(DepartmentID)
    /// A `--ref` used before for other vacancy data.
    case refReused(ref: String, vacancy: Int64, department: DepartmentID, unit: String, date: CivilDate, reservedUnit: Bool)
    case noPlacementInForce(DepartmentID, on: CivilDate?)
    /// R5: a reserved dwelling in a department with none reserved on that date.
    case reservedUnitNotAllowed(DepartmentID, on: CivilDate)
    case notOffered(vacancy: Int64, withheld: WithheldReason?, patternRoute: Route)
    case alreadySettled(vacancy: Int64, outcome: Outcome, on: CivilDate)
    case settledBeforeVacancy(vacancy: Int64, date: CivilDate, vacancyDate: CivilDate)
    case vacancyIsVoid(vacancy: Int64, by: String, reason: String)
    case noSettlementToVoid(vacancy: Int64)
    case placement(PlacementConflict)
    case policyFile(detail: String)
    case policyConflict(PolicyConflict)
    /// A file's header or structure (CSV, export, checkpoint) is not what is accepted.
    case badFile(Field, path: String?, line: Int?, problem: FileProblem, accepted: Accepted)
    /// An error in one line of an input file.
    indirect case atLine(Int, LedgerError)
    /// An import file with bad lines: every one of them, nothing written.
    case importRejected([LedgerError])
    /// An import file with rows the token may not write: rejected whole, every such line
    /// named (each an `atLine` around a `forbidden`), exit 77 / HTTP 403.
    case importForbidden([LedgerError])
    /// A bad cell of an input file's column.
    case invalidCell(column: String, value: String, accepted: Accepted)
    /// An output that would overwrite the ledger or another database, or cannot be one.
    case outputRefused(Field, path: String, reason: OutputRefusal)
    case noAgreementLoaded
    case unknownToken(Int64)
    case tokenAlreadyRevoked(Int64, on: String)
    /// A token in force (`id`) already has this name, which entries record as `by`.
    case tokenNameTaken(String, id: Int64)
    /// A clerk's organisation that no department belongs to.
    case unknownOrganisation(String, known: [String])
    /// `demo` replaces only ledgers it wrote itself.
    case notADemoLedger(path: String)

    // MARK: The database file (exit 65)

    case noLedger(path: String)
    case notSQLite(path: String)
    case notALedger(path: String)
    case notInitialised(path: String)
    case newerSchema(path: String, supported: String)
    case olderSchema(path: String)
    case crashJournal(path: String)
    case walWithoutSharedMemory(path: String)
    case damaged(detail: String)
    case constraint(detail: String)

    // MARK: Anything else (exit 1)

    case locked(seconds: Int)
    /// A served read stopped because its client went away or its time ran out.
    case interrupted
    case io(Field?, path: String, reason: IOReason)
    case database(detail: String)

    /// A field of the input, as the CLI names it in its flags and the service in its JSON.
    public enum Field: String, Sendable, Equatable {
        case date, unit, ref, clerk, name, reason, units, department, vacancy, from, to, year, asOf, pendingOver
        case effective, turnover, usedShare, baseStep, reserved, output, html, key, publicKey, checkpoint
        case exportFile, policyFile, importFile, indicatorsFile, backup, ledger
        case organisation, role, token, expires, server, olderThan, columns, outcome, format, staircase, criteria, body, grouping, step
        /// A CSV column, by its header name.
        case column
    }

    /// What would have been accepted instead of an invalid value.
    public enum Accepted: Sendable, Equatable {
        case calendarDate
        /// A date in an import file: ISO or DD-MM-YYYY, in the form the file's first date
        /// used (`form`, on `line`), if there was one.
        case fileDate(CivilDate.Form?, line: Int)
        case dateIn(DateRange)
        case yearIn(ClosedRange<Int>)
        case departmentID
        case text(maxLength: Int, problem: TextProblem)
        case wholeNumber(atLeast: Int)
        case share
        case decimal(max: Double)
        case rate
        case step
        case criteria
        case trueOrFalse
        case oneOf([String])
        case beforeOrOn(Field)
        case needs(Field)
        case eachOnce
        /// A file that this command wrote (`checkpoint`, `export`, `checkpoint keygen`).
        case fileWrittenBy(String)
        case columns([String], optional: [String])
        case columnCount(Int)
        case utf8File
        /// Both columns or neither.
        case together(String, String)
    }

    public enum TextProblem: Sendable, Equatable {
        case empty
        case tooLong(Int)
        case controlCharacter(Unicode.Scalar)
        /// A character outside an identifier's allow-list (units, refs).
        case notAllowed(Unicode.Scalar)
    }

    public enum PlacementConflict: Sendable, Equatable {
        /// A flag that does not fit the staircase and step (RULES.md §2).
        case misfit(flag: String, staircase: Staircase, step: Int)
        case baseStepOnArea(Int)
        case tooManyReserved(Int, units: Int)
        case sameDate(DepartmentID, CivilDate)
        /// Placements are never retroactive.
        case retroactive(DepartmentID, from: CivilDate, latestVacancy: CivilDate)
        /// R3: the base step is fixed for the period by the first department-staircase placement.
        case baseStepContradicts(DepartmentID, given: Int, fixed: Int, period: DateRange)
    }

    public enum PolicyConflict: Sendable, Equatable {
        /// The cap or the 9-cycle changed within a period whose vacancies depend on them.
        case cycleChanged(period: DateRange, version: Int, capEvery: Int, rehousingEvery: Int)
        case overlaps(DateRange, loaded: DateRange)
    }

    public enum FileProblem: Sendable, Equatable {
        case notCSV(String), header(String), columnCount(Int), notACheckpoint, empty, notAKey, notAnExport(String)
        case unreadable, notUTF8
    }

    public enum OutputRefusal: Sendable, Equatable {
        case isTheLedger, isADatabase, isAFolder, exists, appearedMeanwhile, unknownExtension(String), keyExists
    }

    public enum TokenProblem: Sendable, Equatable {
        case missing, unknown, revoked, expired
    }

    public enum IOReason: Sendable, Equatable {
        case folderMissing(String), permissionDenied(String), readOnlyFileSystem, diskFull, quota, notAFolder, isAFolder,
             nameTooLong, other(String)
    }

    /// How a caller should treat the error: the CLI's exit code, the service's status.
    public enum Category: Sendable, Equatable {
        /// Refused by a rule of the agreement (S1, I1): exit 3, HTTP 409.
        case refused
        /// Bad input or a state conflict: exit 65, HTTP 422.
        case badInput
        /// The file is missing, foreign, damaged or of another version: exit 65.
        case unsupportedDatabase
        /// I/O, a lock held past the busy timeout: exit 1, HTTP 503 / 500.
        case failure
        /// The token may not do this: exit 77, HTTP 403.
        case forbidden
        /// No valid token: exit 77, HTTP 401.
        case unauthenticated
    }

    public var category: Category {
        switch self {
        case .settlementRefused, .voidRefused: .refused
        case .noLedger, .notSQLite, .notALedger, .notInitialised, .newerSchema, .olderSchema, .crashJournal,
             .walWithoutSharedMemory, .damaged: .unsupportedDatabase
        case .locked, .interrupted, .io, .database: .failure
        case .forbidden, .importForbidden: .forbidden
        case .unauthenticated: .unauthenticated
        case .atLine(_, let inner): inner.category
        default: .badInput
        }
    }

    /// The lines of an import file that was refused whole: bad, or not the token's to write.
    public var rejectedLines: [LedgerError]? {
        switch self {
        case let .importRejected(lines), let .importForbidden(lines): lines
        default: nil
        }
    }

    /// The rule a refusal (or a rule-based rejection) cites.
    public var rule: RuleID? {
        switch self {
        case .settlementRefused: .S1
        case .voidRefused: .I1
        case .outsideAgreement: .R7
        case .reservedUnitNotAllowed: .R5
        case .placement(.baseStepContradicts): .R3
        case .atLine(_, let inner): inner.rule
        default: nil
        }
    }
}
