import Foundation
import Testing
@testable import VacancyLedger

@Suite struct PolicyTests {
    @Test func theBuiltInPolicyHoldsEverySettingOfRulesSection6a() {
        #expect(policy.period == DateRange(start: day("2024-01-01"), end: day("2027-12-31")))
        #expect(policy.referralCap.every == 3 && !policy.referralCap.countPending)
        #expect(policy.rehousing.every == 9 && policy.cycles.count == 4)
        #expect(policy.areaStaircase.step1ReferralEvery == 0)
        #expect(policy.waitingListFallback == .flexibleIfInCycle)
        #expect(policy.fourthDwelling.run == 3 && policy.fourthDwelling.counts == .offers)
        #expect(policy.placement.recomputeYearly)
        #expect(policy.tightenedIncome.amountKr == 22904 && policy.tightenedIncome.asOf == day("2022-12-01"))
    }

    @Test func R4_placeholderCyclesAreMarkedInTheFileNextToThem() {
        let lines = Policy.defaultSource.split(separator: "\n")
        let cycles = lines.firstIndex { $0.hasPrefix("cycles:") }!
        let comment = lines[(cycles - 8)..<cycles].joined(separator: "\n")
        #expect(comment.contains("PLACEHOLDER") && comment.contains("Figure 4"))
    }

    @Test func commentsAreNotContent() throws {
        let edited = Policy.defaultSource.replacingOccurrences(of: "# [A] what", with: "# [A] (edited comment) what")
        #expect(try Policy.parse(edited).contentHash == policy.contentHash)
        let ledger = try memoryLedger()
        #expect(try ledger.loadPolicy(source: edited, by: "t") == .unchanged(name: "copenhagen-2024", version: 1))
    }

    @Test func newContentForTheSamePeriodIsTheNextVersionAndIsUsedFromThenOn() throws {
        let ledger = try memoryLedger()
        try ledger.add("AAB-1", step: 1)
        #expect(try ledger.log("AAB-1").policyVersion == 1)
        let changed = Policy.defaultSource.replacingOccurrences(of: "countPending: false", with: "countPending: true")
        #expect(try ledger.loadPolicy(source: changed, by: "t") == .added(name: "copenhagen-2024", version: 2))
        #expect(try ledger.loadPolicy(source: changed, by: "t") == .unchanged(name: "copenhagen-2024", version: 2))
        #expect(try ledger.log("AAB-1").policyVersion == 2)
        #expect(try ledger.explain(vacancy: 1).report.policyVersion == 1, "earlier decisions keep their version")
    }

    @Test func anOverlappingPeriodIsBadInput() throws {
        let ledger = try memoryLedger()
        let overlapping = Policy.defaultSource.replacingOccurrences(of: "start: \"2024-01-01\"", with: "start: \"2027-06-01\"")
            .replacingOccurrences(of: "end: \"2027-12-31\"", with: "end: \"2031-12-31\"")
        let error = expectError(isBadInput) { _ = try ledger.loadPolicy(source: overlapping, by: "t") }
        guard case .policyConflict(.overlaps)? = error else { Issue.record("\(String(describing: error))"); return }
        let next = Policy.defaultSource.replacingOccurrences(of: "start: \"2024-01-01\"", with: "start: \"2028-01-01\"")
            .replacingOccurrences(of: "end: \"2027-12-31\"", with: "end: \"2031-12-31\"")
            .replacingOccurrences(of: "name: copenhagen-2024", with: "name: copenhagen-2028")
        #expect(try ledger.loadPolicy(source: next, by: "t") == .added(name: "copenhagen-2028", version: 1))
        try ledger.add("AAB-1", step: 2)
        let r = try ledger.log("AAB-1", "2028-03-01")
        #expect(r.number == 1 && r.policyName == "copenhagen-2028", "numbers and counters run per period")
    }

    @Test(arguments: [
        ("referralCap:\n  every: 3", "referralCap:\n  every: 0", "referralCap.every"),
        ("routes: [referral, flexible, referral, ordinary, referral, flexible, referral, ordinary]",
         "routes: [referral, flexible]", "cycles step 1"),
        ("counts: offers", "counts: sometimes", "counts"),
        ("  end: \"2027-12-31\"", "  end: \"2027-02-30\"", "end"),
    ])
    func malformedPolicyFilesNameTheSetting(original: String, replacement: String, named: String) {
        let source = Policy.defaultSource.replacingOccurrences(of: original, with: replacement)
        #expect(source != Policy.defaultSource)
        let error = expectError(isBadInput) { _ = try Policy.parse(source) }
        guard case .policyFile(let detail)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(detail.contains(named), "the detail names the setting: \(detail)")
    }
}

@Suite struct DepartmentTests {
    @Test func flagsThatDoNotFitThePlacementAreBadInput() throws {
        let ledger = try memoryLedger()
        for spec in [
            PlacementSpec(staircase: .department, step: 2, atRisk: true),
            PlacementSpec(staircase: .department, step: 1, exempt: true),
            PlacementSpec(staircase: .department, step: 1, criteria: [.income]),
            PlacementSpec(staircase: .area, step: 1, reserved: 2),
            PlacementSpec(staircase: .area, step: 3),
            PlacementSpec(staircase: .area, step: 1, baseStep: 2),
            PlacementSpec(staircase: .department, step: 1, reserved: 500),
        ] {
            expectError(isBadInput) { try ledger.addDepartment(id: "AAB-1", name: "x", units: 100, placement: spec, by: "t") }
        }
        #expect(try ledger.departments().isEmpty, "nothing written")
    }

    @Test func duplicateDepartmentIsBadInput() throws {
        let ledger = try memoryLedger()
        try ledger.add("AAB-1", step: 1)
        expectError(isBadInput) { try ledger.add("aab-1", step: 2) }
    }

    @Test func danishIdsAndNamesAreNormalised() throws {
        let ledger = try memoryLedger()
        let decomposed = "O\u{0338}BO-7"  // not Ø: a different letter; must be rejected
        expectError(isBadInput) { try ledger.add(decomposed, step: 1) }
        let nfd = "Æ".decomposedStringWithCanonicalMapping + "BLE-3"
        try ledger.addDepartment(id: "åb-2", name: "A\u{030A}brinken", units: 10,
                                 placement: PlacementSpec(staircase: .department, step: 1), by: "t")
        let detail = try ledger.department("ÅB-2")
        #expect(detail.department.id.rawValue == "ÅB-2" && detail.department.name == "Åbrinken")
        #expect(detail.department.name.unicodeScalars.count == 8, "stored NFC")
        try ledger.add(nfd, step: 4)
        #expect(try ledger.department("ÆBLE-3").department.id.organisation == "ÆBLE")
    }

    @Test func placementsAreNeverRetroactiveAndBaseStepIsFixed() throws {
        let ledger = try memoryLedger()
        try ledger.add("AAB-1", step: 2, base: 3)
        _ = try ledger.log("AAB-1", "2024-05-01")
        expectError(isBadInput) { try ledger.place(department: "AAB-1", placement: PlacementSpec(staircase: .department, step: 1, from: "2024-05-01"), by: "t") }
        expectError(isBadInput) { try ledger.place(department: "AAB-1", placement: PlacementSpec(staircase: .department, step: 1, baseStep: 1, from: "2024-06-01"), by: "t") }
        let placed = try ledger.place(department: "AAB-1", placement: PlacementSpec(staircase: .department, step: 4, from: "2025-01-01"), by: "t")
        #expect(placed.current?.placement.baseStep == 3, "the period's base step carries over")
        expectError(isBadInput) { try ledger.place(department: "AAB-1", placement: PlacementSpec(staircase: .department, step: 3, from: "2025-01-01"), by: "t") }
        #expect(try ledger.log("AAB-1", "2025-02-01").rules == [.R4], "decided under the step-4 placement")
    }

    @Test func R5_reservedUnitNeedsReservedDwellings() throws {
        let ledger = try memoryLedger()
        try ledger.add("AAB-1", step: 3)
        try ledger.add("AAB-2", step: 3, reserved: 4)
        expectError(isBadInput) { _ = try ledger.log("AAB-1", reservedUnit: true) }
        try ledger.add("AAB-3", .area, step: 1)
        expectError(isBadInput) { _ = try ledger.log("AAB-3", reservedUnit: true) }
        let r = try ledger.log("AAB-2", reservedUnit: true)
        #expect(r.rules.first == .R5)
    }

    @Test func importIsAllOrNothingAndNamesLineAndColumn() throws {
        let ledger = try memoryLedger()
        let header = "id,name,units,staircase,step,base_step,at_risk,exempt,reserved,criteria,from\n"
        let good = "\u{FEFF}" + header + "AAB-1,Ærtebjerghave,100,department,1,,true,false,0,,\n\"ØBO-7\",\"Øster, Gård\",50,area,1,,,,,employment;income,2024-02-01\n"
        #expect(try ledger.importDepartments(csv: good, by: "t") == 2)
        #expect(try ledger.department("ØBO-7").department.name == "Øster, Gård")
        #expect(try ledger.department("ØBO-7").current?.placement.criteria == [.employment, .income])
        let bad = header + "KAB-1,Ok,10,department,2,,,,,,\nKAB-2,Bad,10,department,2,,maybe,,,,\n"
        let error = expectError(isBadInput) { _ = try ledger.importDepartments(csv: bad, by: "t") }
        #expect(error == .atLine(3, .invalidCell(column: "at_risk", value: "maybe", accepted: .trueOrFalse)))
        expectError(isBadInput) { _ = try ledger.department("KAB-1") }
        let existing = header + "AAB-1,Again,10,department,2,,,,,,\n"
        #expect(expectError(isBadInput) { _ = try ledger.importDepartments(csv: existing, by: "t") } == .atLine(2, .departmentExists(DepartmentID("AAB-1")!)))
        expectError(isBadInput) { _ = try ledger.importDepartments(csv: "id,name\nAAB-9,x\n", by: "t") }
    }

    @Test func refIsIdempotentAndConflictsAreBadInput() throws {
        let ledger = try memoryLedger()
        try ledger.add("AAB-1", step: 3)
        let first = try ledger.log("AAB-1", "2024-03-01", unit: "12", ref: "K-1")
        let again = try ledger.log("AAB-1", "2024-03-01", unit: "12", ref: "K-1")
        #expect(again.vacancy == first.vacancy && again.replayed && again.counters.vacancies == 1)
        expectError(isBadInput) { _ = try ledger.log("AAB-1", "2024-03-02", unit: "12", ref: "K-1") }
        expectError(isBadInput) { _ = try ledger.log("AAB-1", "2024-03-01", unit: "13", ref: "K-1") }
        _ = try ledger.void(vacancy: first.vacancy!, reason: "x", settlementOnly: false, force: false, by: "t")
        #expect(try ledger.log("AAB-1", "2024-03-01", unit: "12", ref: "K-1").voided != nil, "a voided vacancy keeps its ref")
    }

    @Test func dryRunWritesNothing() throws {
        let ledger = try memoryLedger()
        try ledger.add("AAB-1", step: 3)
        let dry = try ledger.log("AAB-1", dryRun: true)
        #expect(dry.vacancy == nil && dry.dryRun && dry.number == 1 && dry.counters.vacancies == 1)
        #expect(try ledger.log("AAB-1").number == 1)
        #expect(try ledger.verify().isClean)
    }
}
