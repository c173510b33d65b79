import Foundation
import Testing
@testable import VacancyLedger

/// One in three counted by dates (RULES.md I1, S1, §6, §7 as amended): refusals name dates,
/// forced entries show as breaches worked out from the dates, and a history gives the same
/// ledger however it arrives.
@Suite struct DatedOneInThreeTests {
    /// A step-1 department (cycle R F R O R F R O): numbers 3 and 5 are offered.
    func stepOne(_ ledger: Ledger, _ id: String, dates: [String]) throws -> [DecisionReport] {
        try ledger.add(id, step: 1)
        return try dates.map { try ledger.log(id, $0) }
    }

    @Test func S1_refusalNamesTheFirstBreakingDateAndWhenTheAnswerWouldHold() throws {
        let ledger = try memoryLedger()
        let v = try stepOne(ledger, "AAB-1", dates: ["2024-01-10", "2024-01-20", "2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01"])
        #expect(v[2].offered && v[4].offered)
        _ = try ledger.settle(vacancy: v[2].vacancy!, outcome: .referred, date: "2024-02-05", by: "t")
        // On the totals 3 × 2 ≤ 6 would do; on 2 April only five vacancies are dated.
        let error = expectError(isRefused) {
            _ = try ledger.settle(vacancy: v[4].vacancy!, outcome: .referred, date: "2024-04-02", by: "t")
        }
        #expect(error == .settlementRefused(vacancy: v[4].vacancy!, outcome: .referred, department: DepartmentID("AAB-1")!,
                                            settledOn: day("2024-04-02"), breaksOn: day("2024-04-02"), realised: 2,
                                            vacancies: 5, capEvery: 3, holdsFrom: day("2024-05-01")))
        #expect(error?.rule == .S1)
        let settled = try ledger.settle(vacancy: v[4].vacancy!, outcome: .referred, date: "2024-05-01", by: "t")
        #expect(settled.outcome == .referred && settled.counters.realised == 2)
        #expect(try ledger.verify().isClean && ledger.verify().breaches.isEmpty)
    }

    @Test func S1_forcedAnswerIsABreachUntilABackdatedVacancyHealsIt() throws {
        let ledger = try memoryLedger()
        let v = try stepOne(ledger, "ÆBL-2", dates: ["2024-01-10", "2024-01-20", "2024-02-01", "2024-03-01", "2024-04-01"])
        _ = try ledger.settle(vacancy: v[2].vacancy!, outcome: .referred, date: "2024-02-01", by: "t")
        expectError(isRefused) { _ = try ledger.settle(vacancy: v[4].vacancy!, outcome: .rehoused, date: "2024-04-01", by: "t") }
        let forced = try ledger.settle(vacancy: v[4].vacancy!, outcome: .rehoused, date: "2024-04-01", by: "t", force: true)
        #expect(forced.outcome == .rehoused && forced.counters.forcedAnswers == 1 && forced.counters.realised == 2)

        let audit = try ledger.audit()
        let row = try #require(audit.departmentRows.first { $0.key == "ÆBL-2" })
        #expect(row.status == .breach && row.firstBreach == day("2024-04-01") && audit.hasBreach)
        // A window shows the breach where it lies inside it (RULES.md §7).
        #expect(try ledger.audit(window: AuditWindow(year: 2024)).departmentRows[0].status == .breach)
        let before = try ledger.audit(window: AuditWindow(from: "2024-01-01", to: "2024-03-31")).departmentRows[0]
        #expect(before.status != .breach && before.firstBreach == nil)
        // verify: a finding, not a fault.
        let verify = try ledger.verify()
        #expect(verify.isClean, "\(verify.faults)")
        #expect(verify.breaches.map(\.firstDate) == [day("2024-04-01")] && verify.breaches[0].realised == 2
                && verify.breaches[0].vacancies == 5)

        // A vacancy dated before the breach, logged late, heals it: 3 × 2 ≤ 6 from 1 April on.
        _ = try ledger.log("ÆBL-2", "2024-03-15")
        let healed = try ledger.audit().departmentRows[0]
        #expect(healed.status == .atLimit && healed.firstBreach == nil, "headroom 0 with two realised: at its limit")
        #expect(try ledger.verify().breaches.isEmpty)
    }

    @Test func I1_aVoidIsRefusedAtTheFirstDateItWouldBreakAndHealedByABackdatedVacancy() throws {
        let ledger = try memoryLedger()
        let v = try stepOne(ledger, "ØBO-3", dates: ["2024-01-10", "2024-01-20", "2024-02-01", "2024-06-01"])
        _ = try ledger.settle(vacancy: v[2].vacancy!, outcome: .referred, date: "2024-02-10", by: "t")
        // Without the 20 January vacancy, 10 February has one realised of two vacancies: the
        // totals (1 of 3) would not notice.
        let error = expectError(isRefused) {
            _ = try ledger.void(vacancy: v[1].vacancy!, reason: "wrong unit", settlementOnly: false, force: false, by: "t")
        }
        #expect(error == .voidRefused(vacancy: v[1].vacancy!, department: DepartmentID("ØBO-3")!, breaksOn: day("2024-02-10"),
                                      realised: 1, vacancies: 2, capEvery: 3))
        // Voiding the settlement first does not help where the break lies before… here it does:
        // the realised answer itself goes. The advice in the refusal is to log what is missing.
        _ = try ledger.log("ØBO-3", "2024-02-05")
        let voided = try ledger.void(vacancy: v[1].vacancy!, reason: "wrong unit", settlementOnly: false, force: false, by: "t")
        #expect(voided.voided?.forced == false)
        #expect(try ledger.verify().isClean)
    }

    @Test func I1_aForcedVoidBreaksByDatesAndStrictAuditsSeeIt() throws {
        let ledger = try memoryLedger()
        let v = try stepOne(ledger, "KAB-4", dates: ["2024-01-10", "2024-01-20", "2024-02-01", "2024-06-01"])
        _ = try ledger.settle(vacancy: v[2].vacancy!, outcome: .referred, date: "2024-02-10", by: "t")
        let voided = try ledger.void(vacancy: v[0].vacancy!, reason: "never vacant", settlementOnly: false, force: true, by: "t")
        #expect(voided.voided?.forced == true && voided.counters.forcedVoids == 1)
        let row = try ledger.audit().departmentRows[0]
        #expect(row.status == .breach && row.firstBreach == day("2024-02-10"), "the totals (1 of 3) hold; 10 February does not")
        #expect(try ledger.verify().isClean)
    }

    // MARK: - Arrival in date order gives the same ledger

    /// A seeded history with answers dated days or months after their vacancies, in three
    /// departments where the cap binds: many answers meet S1 refusals.
    static func history(seed: UInt64, rows: Int) -> [[String]] {
        var state = seed
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        var lines: [[String]] = []
        for i in 0..<rows {
            let department = ["ÅAB-1", "FSB-2", "KAB-4"][Int(next() % 3)]
            let date = CivilDate(year: 2024, month: 1, day: 1)!.adding(days: Int(next() % 500))
            // Mostly realised: the municipality uses most offers, late, so the cap binds.
            let outcome = ["referred", "rehoused", "referred", "rehoused", "referred", "returned", ""][Int(next() % 7)]
            let settled = outcome.isEmpty ? "" : date.adding(days: 20 + Int(next() % 100)).description
            lines.append(["H\(i)", department, "u\(i)", date.description, "false", outcome, settled, "", "feed"])
        }
        return lines
    }

    /// The history cut by date into `parts` ranges, each keeping the history's line order:
    /// a part holds the vacancies dated in its range and the answers dated in it (an answer
    /// dated later comes in a later part, on its vacancy's line). `extending`: every part
    /// holds all earlier parts' lines too, as an association's growing feed does.
    static func parts(_ rows: [[String]], _ parts: Int, extending: Bool) -> [[[String]]] {
        let start = CivilDate(year: 2024, month: 1, day: 1)!
        let ends = (1...parts).map { start.adding(days: 1100 * $0 / parts - 1) }
        return ends.enumerated().map { index, end in
            let begin = index == 0 || extending ? start : ends[index - 1].adding(days: 1)
            return rows.compactMap { row -> [String]? in
                let date = CivilDate(row[3])!, settled = CivilDate(row[6])
                let answered = settled.map { $0 <= end && $0 >= begin } ?? false
                guard (begin...end).contains(date) || answered else { return nil }
                var line = row
                if !answered { line[5] = ""; line[6] = "" }
                return line
            }
        }
    }

    func ledger() throws -> Ledger {
        let ledger = try memoryLedger()
        try ledger.add("ÅAB-1", step: 1)
        try ledger.add("FSB-2", step: 2)
        try ledger.add("KAB-4", step: 1, atRisk: true)
        return ledger
    }

    /// What the ledger holds, entry by entry, without recording times and provenance.
    func facts(_ ledger: Ledger) throws -> [String] {
        let vacancies = try ledger.vacancies().map { v in
            "\(v.ref ?? "") \(v.department) \(v.number) \(v.date) \(v.currentRoute) \(v.rules) \(v.withheld.map(\.rawValue) ?? "-") "
                + "\(v.outcome.map(\.rawValue) ?? "-") \(v.settlement.map(\.date.description) ?? "-") \(v.isActive)"
        }
        let audit = try ledger.audit().departmentRows.map { "\($0.key) \($0.counters) \($0.headroom) \($0.status)" }
        return vacancies.sorted() + audit
    }

    @Test func I1_aHistoryGivesTheSameLedgerWholeInPartsOrLoggedInDateOrder() throws {
        let rows = Self.history(seed: 24, rows: 500)
        let whole = try ledger()
        let summary = try whole.importVacancies(ImportRequest(text: ImportTests.csv(rows), by: "feed"))
        #expect(summary.refused >= 10, "the history meets S1 refusals (\(summary.refused))")
        let expected = try facts(whole)
        #expect(try whole.verify().isClean)

        for (count, extending) in [(2, false), (5, false), (5, true)] {
            let parted = try ledger()
            for part in Self.parts(rows, count, extending: extending) {
                _ = try parted.importVacancies(ImportRequest(text: ImportTests.csv(part), by: "feed"))
            }
            let found = try facts(parted)
            #expect(found == expected, "\(count) parts\(extending ? ", extending" : ""): \(zip(found, expected).first { $0 != $1 }.map { "\($0) ≠ \($1)" } ?? "lengths differ")")
            #expect(try parted.verify().isClean)
        }

        // The same events by hand, in date order (loggings first on a day, then by line).
        let byHand = try ledger()
        _ = try ImportTests.replayInDateOrder(rows, into: byHand, by: "feed")
        #expect(try facts(byHand) == expected)
    }

    @Test func S1_aRefusedAnswerThatArrivesAgainIsJudgedAfresh() throws {
        let ledger = try memoryLedger()
        try ledger.add("AAB-1", step: 1)
        func csv(_ rows: [[String]]) -> String { ImportTests.csv(rows) }
        // Numbers 3 and 5 are offered before any answer: G1 counts realised answers only.
        var rows = ["2024-01-10", "2024-01-20", "2024-02-01", "2024-02-02", "2024-02-03"].enumerated().map { i, date in
            ["A\(i)", "AAB-1", "u\(i)", date, "false", "", "", "", ""]
        }
        rows[2][5] = "referred"; rows[2][6] = "2024-02-05"
        rows[4][5] = "referred"; rows[4][6] = "2024-02-06"   // 2 of 5 on 6 February: refused
        let first = try ledger.importVacancies(ImportRequest(text: csv(rows), by: "feed"))
        #expect(first.refused == 1 && first.settled == 1)
        // The extending feed brings a vacancy dated after the answer: still refused on 6 February.
        rows.append(["A5", "AAB-1", "u5", "2024-03-01", "false", "", "", "", ""])
        let second = try ledger.importVacancies(ImportRequest(text: csv(rows), by: "feed"))
        #expect(second.refused == 1 && second.added == 1)
        // Again, with the March vacancy already in the ledger: the totals (3 × 2 ≤ 6) would let
        // it in, the dates do not. No memory of the refusal either way.
        let third = try ledger.importVacancies(ImportRequest(text: csv(rows), by: "feed"))
        #expect(third.refused == 1 && third.settled == 0 && third.added == 0)
        // A vacancy dated before the answer mends it: the same line is accepted.
        rows.append(["A6", "AAB-1", "u6", "2024-02-04", "false", "", "", "", ""])
        let fourth = try ledger.importVacancies(ImportRequest(text: csv(rows), by: "feed"))
        #expect(fourth.refused == 0 && fourth.settled == 1)
        #expect(try ledger.verify().isClean)
    }
}
