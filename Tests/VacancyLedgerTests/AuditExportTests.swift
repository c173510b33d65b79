import Testing
@testable import LedgerCommandLine
@testable import SampleLedgers
@testable import VacancyLedger

/// RULES.md §7: audits over windows, roll-ups, the year-end export and its verification.
@Suite struct AuditExportTests {
    /// Step 3: vacancies 1–4 are let from the waiting list (1 withheld by G1), 5 is offered.
    func stepThree(dates: [String]) throws -> (Ledger, [DecisionReport]) {
        let ledger = try memoryLedger()
        try ledger.add("KAB-3", step: 3)
        return (ledger, try dates.map { try ledger.log("KAB-3", $0) })
    }

    @Test func windowsIncludeBothEndsAcrossNewYearAndLeapDay() throws {
        let (ledger, _) = try stepThree(dates: ["2024-02-28", "2024-02-29", "2024-03-01", "2024-12-31", "2025-01-01"])
        #expect(try ledger.audit(window: AuditWindow(year: 2024)).rows[0].counters.vacancies == 4)
        #expect(try ledger.audit(window: AuditWindow(year: 2025)).rows[0].counters.vacancies == 1)
        #expect(try ledger.audit(window: AuditWindow(from: "2024-02-29", to: "2024-02-29")).rows[0].counters.vacancies == 1)
        #expect(try ledger.audit(window: AuditWindow(from: "2024-12-31", to: "2025-01-01")).rows[0].counters.vacancies == 2)
        expectError(isBadInput) { _ = try AuditWindow(from: "2025-01-02", to: "2025-01-01") }
        expectError(isBadInput) { _ = try AuditWindow(from: "2025-02-29", to: "2025-03-01") }
    }

    @Test func aJanuarySettlementOfADecemberOfferBelongsToTheNextYearsExport() throws {
        let (ledger, logged) = try stepThree(dates: ["2024-12-01", "2024-12-05", "2024-12-10", "2024-12-15", "2024-12-20"])
        let offer = logged[4]
        #expect(offer.offered)
        _ = try ledger.settle(vacancy: offer.vacancy!, outcome: .referred, date: "2025-01-10", by: "t")
        let y2024 = try ledger.export(year: 2024)
        #expect(y2024.lettings.map(\.vacancy) == logged[0..<4].map { $0.vacancy! })
        #expect(y2024.pending.map(\.vacancy) == [offer.vacancy!], "pending at year-end, never dropped")
        #expect(y2024.pending[0].outcome == nil && y2024.pending[0].lettingDate == nil)
        let y2025 = try ledger.export(year: 2025)
        #expect(y2025.lettings.count == 1 && y2025.lettings[0].lettingDate == day("2025-01-10"))
        #expect(y2025.lettings[0].outcome == .referred && y2025.lettings[0].route == .referral)
        // The audit counts by the vacancy's date, with the outcome as it stands now.
        #expect(try ledger.audit(window: AuditWindow(year: 2024)).rows[0].counters.realised == 1)
    }

    @Test func voidedEntriesAreExcludedAndReturnedOffersCarryTheR6Route() throws {
        let (ledger, logged) = try stepThree(dates: ["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04", "2024-03-05"])
        _ = try ledger.settle(vacancy: logged[4].vacancy!, outcome: .returned, date: "2024-03-09", by: "t")
        _ = try ledger.void(vacancy: logged[1].vacancy!, reason: "double entry", settlementOnly: false, force: false, by: "t")
        let export = try ledger.export(year: 2024)
        #expect(!export.lettings.contains { $0.vacancy == logged[1].vacancy })
        #expect(export.lettings.count == 4)
        let returned = export.lettings.first { $0.vacancy == logged[4].vacancy }!
        #expect(returned.route == .flexible && returned.outcome == .returned && returned.offered)
        #expect(try ledger.audit(window: AuditWindow(year: 2024)).rows[0].counters.vacancies == 4)
    }

    @Test func aForcedBreachShowsInEveryView() throws {
        let (ledger, logged) = try stepThree(dates: ["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04", "2024-03-05"])
        _ = try ledger.settle(vacancy: logged[4].vacancy!, outcome: .referred, date: "2024-03-09", by: "t")
        for index in [0, 1, 2] {
            _ = try ledger.void(vacancy: logged[index].vacancy!, reason: "test", settlementOnly: false, force: true, by: "t")
        }
        try ledger.add("AAB-1", step: 1)
        #expect(try ledger.audit().rows.first { $0.key == "KAB-3" }?.status == .breach)
        #expect(try ledger.audit(window: AuditWindow(year: 2024)).rows.first { $0.key == "KAB-3" }?.status == .breach)
        #expect(try ledger.audit(window: AuditWindow(year: 2025)).rows.first { $0.key == "KAB-3" }?.status == .breach,
                "even a window without its vacancies shows the forced breach")
        for grouping in AuditGrouping.allCases {
            let report = try ledger.audit(AuditRequest(grouping: grouping))
            #expect(report.rows.contains { $0.status == .breach }, "by \(grouping)")
            #expect(report.hasBreach && report.totals?.status == .breach)
        }
    }

    @Test func storedCountersAndARecountOverTheWholePeriodAgree() throws {
        let ledger = try memoryLedger()
        _ = try SampleCity.build(into: ledger, by: "t")
        let stored = try ledger.audit()
        let recounted = try ledger.audit(window: AuditWindow(from: "2024-01-01", to: "2027-12-31"))
        #expect(stored.rows.count == 8 && stored.rows.count == recounted.rows.count)
        for (a, b) in zip(stored.rows, recounted.rows) {
            #expect(a.key == b.key && a.counters == b.counters && a.headroom == b.headroom && a.status == b.status)
        }
        #expect(stored.totals!.counters.vacancies == 156)
    }

    /// A window sums whole months, and a partly covered month by its fewer days: the days
    /// in the window, or the month less the days outside it.
    @Test func aWindowSumsMonthsAndTheFewerDaysOfAPartlyCoveredMonth() throws {
        func plan(_ from: String, _ to: String) throws -> String {
            let p = try AuditWindow(from: from, to: to).sumPlan
            let months = p.months.map { "\($0.lowerBound)...\($0.upperBound)" } ?? "-"
            func days(_ ranges: [DateRange]) -> String { ranges.map { "\($0.start)/\($0.end)" }.joined(separator: " ") }
            return "\(months) +[\(days(p.addedDays))] -[\(days(p.subtractedDays))]"
        }
        #expect(try plan("2025-03-15", "2025-11-20") == "202503...202511 +[] -[2025-03-01/2025-03-14 2025-11-21/2025-11-30]")
        #expect(try plan("2025-03-10", "2025-11-10") == "202503...202510 +[2025-11-01/2025-11-10] -[2025-03-01/2025-03-09]")
        #expect(try plan("2025-03-17", "2025-05-31") == "202504...202505 +[2025-03-17/2025-03-31] -[]")
        #expect(try plan("2025-02-10", "2025-02-20") == "- +[2025-02-10/2025-02-20] -[]")
        #expect(try plan("2025-02-03", "2025-02-26") == "202502...202502 +[] -[2025-02-01/2025-02-02 2025-02-27/2025-02-28]")
        #expect(try plan("2024-02-01", "2024-02-29") == "202402...202402 +[] -[]")
        #expect(try plan("2024-12-31", "2025-01-01") == "- +[2024-12-31/2024-12-31 2025-01-01/2025-01-01] -[]")
        #expect(try AuditWindow(year: 2026).sumPlan == AuditWindow.SumPlan(months: 202601...202612))
    }

    /// A row shows the placement in force at the end of the period, or of the window.
    @Test func anAuditRowShowsThePlacementInForceAtItsEnd() throws {
        let ledger = try memoryLedger()
        try ledger.add("AAB-1", step: 2, base: 3)
        try ledger.add("AAB-2", .area, step: 1)
        try ledger.place(department: "AAB-1", placement: PlacementSpec(staircase: .department, step: 4, from: "2025-01-01"), by: "t")
        try ledger.place(department: "AAB-1", placement: PlacementSpec(staircase: .department, step: 1, from: "2026-01-01"), by: "t")
        func shown(_ window: AuditWindow?) throws -> [String] {
            try ledger.audit(department: nil, window: window).rows.map { "\($0.key) \($0.staircase?.rawValue ?? "-") \($0.step ?? 0)" }
        }
        #expect(try shown(nil) == ["AAB-1 department 1", "AAB-2 area 1"])
        #expect(try shown(AuditWindow(year: 2024)) == ["AAB-1 department 2", "AAB-2 area 1"])
        #expect(try shown(AuditWindow(year: 2025)) == ["AAB-1 department 4", "AAB-2 area 1"])
        #expect(try shown(AuditWindow(from: "2024-03-01", to: "2025-01-01")) == ["AAB-1 department 4", "AAB-2 area 1"])
    }

    @Test func rollUpsSumTheirDepartments() throws {
        let ledger = try memoryLedger()
        _ = try SampleCity.build(into: ledger, by: "t")
        let departments = try ledger.audit().rows
        for grouping in [AuditGrouping.step, .staircase, .organisation, .city] {
            let rows = try ledger.audit(AuditRequest(grouping: grouping)).rows
            #expect(rows.reduce(0) { $0 + $1.counters.vacancies } == departments.reduce(0) { $0 + $1.counters.vacancies })
            #expect(rows.reduce(0) { $0 + $1.departments } == departments.count)
            #expect(rows.reduce(0) { $0 + $1.headroom } == departments.reduce(0) { $0 + $1.headroom })
        }
        let fsb = try ledger.audit(AuditRequest(grouping: .organisation)).rows.first { $0.key == "FSB" }!
        let members = departments.filter { $0.organisation == "FSB" }
        #expect(fsb.departments == 2 && fsb.counters == members.reduce(Counters()) { $0 + $1.counters })
        #expect(try ledger.audit(AuditRequest(grouping: .city)).rows.count == 1)
    }

    @Test func pendingOverCountsOffersWaitingLongerThanTheGivenDays() throws {
        let (ledger, logged) = try stepThree(dates: ["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04", "2024-03-05"])
        #expect(logged[4].offered)
        func pending(_ days: Int, asOf: String) throws -> Int? {
            try ledger.audit(AuditRequest(pendingOverDays: days, asOf: day(asOf))).rows[0].pendingOver
        }
        #expect(try pending(10, asOf: "2024-03-16") == 1)
        #expect(try pending(10, asOf: "2024-03-15") == 0, "exactly 10 days is not longer than 10")
        #expect(try pending(300, asOf: "2025-01-01") == 1)
        _ = try ledger.settle(vacancy: logged[4].vacancy!, outcome: .returned, date: "2024-04-01", by: "t")
        #expect(try pending(10, asOf: "2024-05-01") == 0)
        #expect(day("2025-03-01").days(since: day("2024-02-28")) == 367)
    }

    @Test func yearReportHasTheShapeOfSeed000() throws {
        let ledger = try memoryLedger()
        _ = try SampleCity.build(into: ledger, by: "t")
        let report = try ledger.report(year: 2024)
        let city = report.groups.first { $0.grouping == .city }!
        let audit = try ledger.audit(window: AuditWindow(year: 2024))
        #expect(city.vacancies == audit.totals!.counters.vacancies && city.realised == audit.totals!.counters.realised)
        #expect(city.dwellings == 3160 && city.departments == 8)
        let flexible = (city.lettingsByRoute[.flexible] ?? 0) + (city.lettingsByRoute[.tightened] ?? 0)
        #expect(city.flexibleShare == Double(flexible) / Double(city.vacancies))
        #expect(city.lbfCategories.reduce(0) { $0 + $1.1 } == city.vacancies, "the categories partition the vacancies")
        #expect(report.vacanciesPerMonth.reduce(0, +) == city.vacancies)
        let steps = report.groups.filter { $0.grouping == .step }
        #expect(steps.reduce(0) { $0 + $1.dwellings } == city.dwellings)
    }

    /// Listings write CSV cell by cell as bytes (`CSVRowWriter`); each kind of cell must
    /// read as its text through `CSVText` would: quoting (a delimiter, a quote or a line
    /// break in free text, a list of words joined by the delimiter), Danish text, absent
    /// values as empty cells, both delimiters. Which fields a listing writes is pinned by
    /// the golden files.
    @Test func csvCellsWrittenAsBytesReadAsTheirTextThroughCSVText() throws {
        var rng = SplitMix64(seed: 11)
        func pick<T>(_ values: [T]) -> T { values[Int(rng.next() % UInt64(values.count))] }
        let texts: [String?] = [nil, "", "Ågade 3, 2. th", "0012", "Østergade \"bag\"", "Ærø; 2", "line\nbreak", "AAB/2024/17"]
        var sawQuoted = false
        for delimiter: UnicodeScalar in [",", ";"] {
            for _ in 0..<400 {
                var expected: [String] = []
                var written: [UInt8] = []
                CSVRowWriter.append(to: &written, delimiter: delimiter) { csv in
                    for _ in 0..<(1 + rng.next() % 8) {
                        switch rng.next() % 6 {
                        case 0: let t = pick(texts); csv.text(t); expected.append(t ?? "")
                        case 1: let w = pick([nil] + Route.allCases.map(\.rawValue)); csv.word(w); expected.append(w ?? "")
                        case 2:
                            let between = pick([UInt8(ascii: ";"), UInt8(ascii: " "), UInt8(ascii: ",")])
                            let words = Criterion.allCases.filter { _ in rng.next() % 3 == 0 }
                            csv.words(words, between: between)
                            expected.append(words.map(\.rawValue).joined(separator: String(UnicodeScalar(between))))
                        case 3: let n = Int(rng.next() % 2_000_000) - 1_000_000; csv.number(n); expected.append(String(n))
                        case 4:
                            let d = pick([nil, CivilDate(year: 2024 + Int(rng.next() % 4), month: 2, day: 29 - Int(rng.next() % 2) * 10)])
                            csv.date(d); expected.append(d?.description ?? "")
                        default: let f = rng.next() % 2 == 0; csv.flag(f); expected.append(String(f))
                        }
                    }
                }
                var reference: [UInt8] = []
                CSVText.append(expected, to: &reference, delimiter: delimiter)
                #expect(written == reference, "\(String(decoding: written, as: UTF8.self)) \(String(decoding: reference, as: UTF8.self))")
                sawQuoted = sawQuoted || written.contains(UInt8(ascii: "\""))
            }
        }
        #expect(sawQuoted)
    }
}
