import Testing
@testable import VacancyLedger

/// P1–P5 and Figure 3 (RULES.md §2), with the policy's thresholds.
@Suite struct PlacementRuleTests {
    /// Values that meet no criterion of either set.
    func indicators(area: AreaList = .none, areaResidents: Int = 3000, outsideWork: Double = 0.10, convictions: Double = 0.5,
                    primary: Double = 0.20, income: Double = 0.90, referred: Double = 0.10,
                    atRisk: Bool = false, exempt: Bool = false) -> Indicators {
        Indicators(department: DepartmentID("AAB-1")!, residents: 500, areaList: area, areaResidents: areaResidents,
                   outsideWorkShare: outsideWork, convictionRatio: convictions, primarySchoolOnlyShare: primary,
                   incomeRatio: income, referredShare: referred, atRisk: atRisk, exempt: exempt)
    }

    func place(_ i: Indicators) -> PlacementResult { PlacementRules.compute(i, policy: policy) }

    @Test(arguments: [AreaList.udsat, .parallelsamfund, .omdannelse])
    func P1_listedAreasGoToAreaStep2(list: AreaList) {
        let r = place(indicators(area: list))
        #expect(r.placement.staircase == .area && r.placement.step == 2 && r.reasons[0].hasPrefix("P1"))
    }

    @Test func P2_andP5_forebyggelseGoesToAreaStep1WithTheExceededRiskZoneCriteria() {
        let r = place(indicators(area: .forebyggelse, outsideWork: 0.35, income: 0.60))
        #expect(r.placement.staircase == .area && r.placement.step == 1)
        #expect(r.placement.criteria == [.employment, .income], "P5: exactly the exceeded risk-zone criteria")
        #expect(place(indicators(area: .forebyggelse)).placement.criteria.isEmpty)
    }

    @Test func P3_justUnderTheResidentLimitIsPlacedAsIfListed() {
        // Two § 61 a criteria met: as if udsat.
        let udsat = indicators(outsideWork: 0.45, primary: 0.65)
        for (residents, listed) in [(950, false), (951, true), (999, true), (1000, false)] {
            var i = udsat
            i.areaResidents = residents
            let r = place(i)
            #expect((r.placement.staircase == .area && r.placement.step == 2) == listed, "\(residents) residents")
        }
        var preventive = indicators(areaResidents: 975, outsideWork: 0.35, income: 0.60)
        preventive.nonWesternShare = 0.45
        #expect(place(preventive).placement == Placement(staircase: .area, step: 1, criteria: [.employment, .income]))
        preventive.incomeRatio = 0.90
        #expect(place(preventive).placement.staircase == .department, "one risk-zone criterion is not listable")
    }

    /// P3 "as if P2" needs what § 61 b needs: more than 30 % non-Western residents as well as
    /// two risk-zone criteria. Without the share (or at or below it) the department stays on
    /// the department staircase, and the reasons say why.
    @Test(arguments: [(0.31, true), (0.30, false), (0.10, false), (nil, false)] as [(Double?, Bool)])
    func P3_asIfForebyggelseNeedsTheNonWesternShare(share: Double?, listed: Bool) {
        var i = indicators(areaResidents: 975, outsideWork: 0.35, income: 0.60)
        i.nonWesternShare = share
        let r = place(i)
        #expect((r.placement == Placement(staircase: .area, step: 1, criteria: [.employment, .income])) == listed)
        if !listed {
            #expect(r.placement.staircase == .department)
            #expect(r.reasons.first?.hasPrefix("P3:") == true && r.reasons.first?.contains("not listable as forebyggelse") == true, "\(r.reasons)")
            if share == nil { #expect(r.reasons.first?.contains("no non_western_share") == true) }
        }
        // As if udsat (P1) needs no such share.
        var udsat = indicators(areaResidents: 975, outsideWork: 0.45, primary: 0.65)
        udsat.nonWesternShare = share
        #expect(place(udsat).placement.staircase == .area && place(udsat).placement.step == 2)
    }

    /// Figure 3, every cell: (referred share, need) → step.
    @Test(arguments: [
        (0.25, Need.high, 4), (0.25, .medium, 3), (0.25, .low, 1),
        (0.20, .high, 3), (0.20, .medium, 2), (0.20, .low, 1),
        (0.10, .high, 2), (0.10, .medium, 1), (0.10, .low, 1),
    ])
    func P4_figure3(referred: Double, need: Need, step: Int) {
        let values: Indicators = switch need {
        case .high: indicators(outsideWork: 0.45, primary: 0.65, referred: referred)  // 2 designation criteria
        case .medium: indicators(outsideWork: 0.35, income: 0.60, referred: referred)  // 2 risk-zone criteria
        case .low: indicators(outsideWork: 0.35, referred: referred)  // 1 risk-zone criterion
        }
        let r = place(values)
        #expect(r.need == need && r.placement == Placement(staircase: .department, step: step))
    }

    @Test func P4_referralShareBandsAtJustUnderAndOver() {
        let high = { (share: Double) in self.place(self.indicators(outsideWork: 0.45, primary: 0.65, referred: share)).placement.step }
        #expect(high(0.2499) == 3 && high(0.25) == 4 && high(0.2501) == 4)
        #expect(high(0.1999) == 2 && high(0.20) == 3 && high(0.2001) == 3)
        #expect(high(0) == 2 && high(1) == 4)
    }

    /// Each threshold at, just under and just over its value (§ 61 a and the risk zone).
    @Test(arguments: [
        // (criterion, threshold, met at the threshold?, a value that is "more critical")
        ("employment-designation", 0.40, false), ("convictions-designation", 3.0, true),
        ("education-designation", 0.60, false), ("income-designation", 0.55, false),
        ("employment-riskzone", 0.30, false), ("convictions-riskzone", 2.0, true),
        ("education-riskzone", 0.60, false), ("income-riskzone", 0.65, false),
    ])
    func thresholdsAtJustUnderAndJustOver(name: String, threshold: Double, metAtThreshold: Bool) {
        let parts = name.split(separator: "-")
        let set = parts[1] == "designation" ? policy.placement.designation : policy.placement.riskZone
        let criterion = Criterion(rawValue: String(parts[0]))!
        // "More critical" is higher for all but income, where it is lower.
        let worse = criterion == .income ? -0.0001 : 0.0001
        func met(_ value: Double) -> Bool {
            var i = indicators()
            switch criterion {
            case .employment: i.outsideWorkShare = value
            case .convictions: i.convictionRatio = value
            case .education: i.primarySchoolOnlyShare = value
            case .income: i.incomeRatio = value
            }
            return PlacementRules.criteriaMet(i, set).contains(criterion)
        }
        #expect(met(threshold) == metAtThreshold, "at \(threshold)")
        #expect(!met(threshold - worse), "just on the safe side of \(threshold)")
        #expect(met(threshold + worse), "just over \(threshold)")
    }

    @Test func flagsFitOnlyTheirStep() {
        let step1 = place(indicators(referred: 0.10, atRisk: true, exempt: true))
        #expect(step1.placement.step == 1 && step1.placement.atRisk && !step1.placement.exempt)
        let step2 = place(indicators(outsideWork: 0.35, income: 0.60, referred: 0.22, atRisk: true, exempt: true))
        #expect(step2.placement.step == 2 && step2.placement.exempt && !step2.placement.atRisk)
    }

    @Test func computeRecordsMovesAndExplainShowsTheValues() throws {
        let ledger = try memoryLedger()
        try ledger.add("AAB-1", step: 1)
        try ledger.add("ØBO-2", .area, step: 2)
        try ledger.add("KAB-3", step: 2)
        let header = "department,residents,area_list,area_residents,outside_work_share,conviction_ratio,primary_school_only_share,income_ratio,referred_share,at_risk,exempt\n"
        let csv = header + """
            AAB-1,400,none,2000,0.45,1.0,0.65,0.9,0.30,false,false
            ØBO-2,800,none,2000,0.10,0.5,0.20,0.9,0.05,false,false
            KAB-3,300,none,2000,0.35,0.5,0.20,0.60,0.22,false,true
            """
        let dry = try ledger.computePlacements(csv: csv, effective: "2025-01-01", dryRun: true, by: "t")
        #expect(dry.map(\.kind) == [.up, .off, .flags])
        #expect(try ledger.department("AAB-1").placements.count == 1, "a dry run records nothing")
        let moves = try ledger.computePlacements(csv: csv, effective: "2025-01-01", dryRun: false, by: "t")
        #expect(moves[0].after == Placement(staircase: .department, step: 4, baseStep: 1), "the period's base step stays 1")
        #expect(try ledger.department("KAB-3").current?.placement.exempt == true)
        let explained = try ledger.explainPlacement(department: "AAB-1")
        #expect(explained.indicators?.referredShare == 0.30 && explained.need == .high)
        #expect(explained.reasons.contains { $0.hasPrefix("Figure 3") })
        let again = try ledger.computePlacements(csv: csv, effective: "2026-01-01", dryRun: false, by: "t")
        #expect(again.allSatisfy { $0.kind == .unchanged })
        expectError(isBadInput) { _ = try ledger.computePlacements(csv: header + "AAB-9,1,none,1,0,0,0,0,0,,\n", effective: "2026-02-01", dryRun: true, by: "t") }
        let error = expectError(isBadInput) {
            _ = try ledger.computePlacements(csv: header + "AAB-1,1,none,1,1.5,0,0,0,0,,\n", effective: "2026-02-01", dryRun: true, by: "t")
        }
        #expect(error == .atLine(2, .invalidCell(column: "outside_work_share", value: "1.5", accepted: .share)))
    }
}
