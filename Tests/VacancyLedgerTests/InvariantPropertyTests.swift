import PropertyBased
import Testing
@testable import VacancyLedger

/// I1 over random sequences of log, settle, void and placement changes across every
/// staircase, step and flag, with vacancies and answers dated in any order (backdated
/// answers, answers after the period): after every step I1 holds at every date (unless a
/// forced void broke it), the stored counters equal a recount from the entries, and S1 and
/// the void check refuse exactly when a brute-force count by dates says one in three would
/// break. At the end `verify` finds no fault.
@Suite struct InvariantPropertyTests {
    static let departments: [(id: String, staircase: Staircase, step: Int, base: Int?, atRisk: Bool, exempt: Bool,
                               reserved: Int, criteria: [Criterion])] = [
        ("AAB-1", .department, 1, nil, true, false, 0, []),
        ("AAB-2", .department, 1, nil, false, false, 2, []),
        ("FSB-3", .department, 2, nil, false, true, 0, []),
        ("FSB-4", .department, 2, 3, false, false, 1, []),
        ("KAB-5", .department, 3, nil, false, false, 0, []),
        ("ØBO-6", .department, 4, 1, false, false, 0, []),
        ("3B-7", .area, 1, nil, false, false, 0, [.employment, .income]),
        ("ÅB-8", .area, 2, nil, false, false, 0, []),
    ]

    /// Runs one random sequence; `ops` are decoded as kind = x % 10, argument = x / 10.
    static func run(ops: [Int], countPending: Bool, allVacancies: Bool) throws {
        var source = Policy.defaultSource
        if countPending { source = source.replacingOccurrences(of: "countPending: false", with: "countPending: true") }
        if allVacancies { source = source.replacingOccurrences(of: "counts: offers", with: "counts: allVacancies") }
        let ledger = Ledger(database: try LedgerDatabase.inMemory())
        _ = try ledger.loadPolicy(source: source, by: "property")
        for d in departments {
            try ledger.addDepartment(id: d.id, name: "Afdeling \(d.id)", units: 300, placement: PlacementSpec(
                staircase: d.staircase, step: d.step, baseStep: d.base, atRisk: d.atRisk, exempt: d.exempt,
                reserved: d.reserved, criteria: d.criteria), by: "property")
        }
        var logged: [Int64] = []
        for op in ops {
            let kind = op % 10, arg = op / 10
            let department = departments[arg % departments.count]
            switch kind {
            case 0...4:
                let offset = (arg / 8) % 1461
                let date = CivilDate(year: 2024, month: 1, day: 1)!.adding(days: offset)
                let reservedUnit = department.reserved > 0 && (arg / 8) % 4 == 0
                do {
                    let r = try ledger.log(LogRequest(department: department.id, unit: "u\(op)", date: date.description,
                                                      reservedUnit: reservedUnit, by: "property"))
                    logged.append(r.vacancy!)
                } catch let error as LedgerError {
                    // Only a date before a later placement's start, or a reserved unit after a re-placement.
                    switch error {
                    case .noPlacementInForce, .reservedUnitNotAllowed: break
                    default: Issue.record("\(error)")
                    }
                }
            case 5, 6:
                guard !logged.isEmpty else { continue }
                let id = logged[arg % logged.count]
                let outcome = Outcome.allCases[(arg / 100) % 3]
                let before = try ledger.vacancy(id)
                // Any day from the vacancy's own to past the period's end (counted on its last day).
                let settledOn = before.date.adding(days: (arg / 300) % 1600)
                let records = try Self.records(ledger)
                let breaks = outcome.isRealised && Self.breaksByDates(records, before.department, answerOn: settledOn)
                do {
                    _ = try ledger.settle(vacancy: id, outcome: outcome, date: settledOn.description, by: "property")
                    #expect(before.offered && before.outcome == nil && before.voided == nil)
                    #expect(!breaks, "S1 let in an answer that breaks one in three by dates")
                } catch let error as LedgerError where error.rule == .S1 {
                    // S1 refuses exactly when realising would break I1 at that date or later.
                    #expect(breaks)
                } catch let error as LedgerError where error.category == .badInput {
                    #expect(!before.offered || before.outcome != nil || before.voided != nil)
                }
            case 7:
                guard !logged.isEmpty else { continue }
                let id = logged[arg % logged.count]
                do {
                    _ = try ledger.void(vacancy: id, reason: "property", settlementOnly: true, force: false, by: "property")
                } catch let error as LedgerError where error.category == .badInput {
                    let v = try ledger.vacancy(id)
                    #expect(v.outcome == nil || v.voided != nil)
                }
            case 8:
                guard !logged.isEmpty else { continue }
                let id = logged[arg % logged.count]
                let force = (arg / 7) % 3 == 0
                let before = try ledger.vacancy(id)
                let others = try Self.records(ledger).filter { $0.id != id }
                let breaks = before.voided == nil && Self.breaksByDates(others, before.department, from: before.date)
                do {
                    let after = try ledger.void(vacancy: id, reason: "property", settlementOnly: false, force: force, by: "property")
                    #expect(!breaks || force)
                    #expect(after.voided?.forced == breaks)
                } catch let error as LedgerError where error.rule == .I1 {
                    #expect(!force && breaks)
                } catch let error as LedgerError where error.category == .badInput {
                    #expect(try ledger.vacancy(id).voided != nil)
                }
            default:
                // A new placement (any staircase and step), after the department's vacancies.
                let staircase: Staircase = arg % 5 == 0 ? .area : .department
                let step = 1 + (arg / 5) % (staircase == .area ? 2 : 4)
                let date = CivilDate(year: 2024, month: 1, day: 2)!.adding(days: (arg / 40) % 1400)
                _ = try? ledger.place(department: department.id, placement: PlacementSpec(
                    staircase: staircase, step: step, atRisk: staircase == .department && step == 1 && arg % 2 == 0,
                    exempt: staircase == .department && step == 2 && arg % 2 == 0, from: date.description), by: "property")
            }
            try checkCounters(ledger)
        }
        let verify = try ledger.verify()
        #expect(verify.isClean, "\(verify.faults)")
    }

    static func checkCounters(_ ledger: Ledger) throws {
        let stored = try ledger.database.read { db in try Store.allCounters(db) }
        let records = try records(ledger)
        let recount = Recount.counters(records)
        #expect(stored == recount.filter { stored[$0.key] != nil || $0.value != Counters() })
        for (key, c) in stored where c.forcedVoids == 0 {
            #expect(RuleEngine.invariantHolds(c, capEvery: 3), "I1 broken in \(key.department): 3 × \(c.realised) > \(c.vacancies)")
            #expect(!breaksByDates(records, key.department), "I1 broken at some date in \(key.department)")
        }
    }

    static func records(_ ledger: Ledger) throws -> [VacancyRecord] {
        try ledger.database.read { db in try Store.vacancies(db) }
    }

    /// The model: I1 counted by dates by brute force, independent of the ledger's own
    /// figures. Whether `3 × realised(t) > n(t)` at some date t (from `from` on, if given) of
    /// the department's period, with one more realised answer settled on `answerOn` (then
    /// from that date on).
    static func breaksByDates(_ records: [VacancyRecord], _ department: DepartmentID, answerOn: CivilDate? = nil,
                              from: CivilDate? = nil) -> Bool {
        let end = CivilDate(year: 2027, month: 12, day: 31)!
        let active = records.filter { $0.department == department && $0.isActive }
        let realisedDays = active.compactMap { v in v.settlement.flatMap { $0.outcome.isRealised ? min($0.date, end) : nil } }
            + [answerOn.map { min($0, end) }].compactMap { $0 }
        let start = answerOn.map { min($0, end) } ?? from
        let days = Set(active.map(\.date) + realisedDays + [start].compactMap { $0 }).filter { start == nil || $0 >= start! }
        return days.contains { t in
            3 * realisedDays.filter { $0 <= t }.count > active.filter { $0.date <= t }.count
        }
    }

    @Test func I1_holdsOverRandomSequences() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...999_999).array(of: 1...100), Gen.bool, Gen.bool) { ops, pending, all in
            try Self.run(ops: ops, countPending: pending, allVacancies: all)
        }
    }

    @Test func I1_holdsOnLongSequencesIntoOneDepartment() async {
        // Mostly logs and realised settlements into the at-risk step-1 department: the cap binds.
        await propertyCheck(count: 8, input: Gen.int(in: 0...99_999).array(of: 150...300)) { raw in
            let ops = raw.map { x in x % 4 == 0 ? (x / 10 * 10 * 8) + 5 : (x / 10 * 8 * 10) }
            try Self.run(ops: ops, countPending: false, allVacancies: false)
        }
    }
}
