import Testing
@testable import VacancyLedger

/// R1–R7: the route of a vacancy (RULES.md §3).
@Suite struct RouteRuleTests {
    @Test func R1_areaStep2LetsTightenedByAllFourCriteriaAndNeverRefers() {
        for number in 1...27 {
            let d = decide(.area, step: 2, number: number)
            #expect(d.route == .tightened && d.patternRoute == .tightened)
            #expect(!d.offered && d.withheld == nil)
            #expect(d.rules == [.R1])
            #expect(d.waitingListCriteria == Criterion.allCases)
            #expect(d.rehousing == (number % 9 == 0), "R1: rehousing units are flagged but keep the R1 route")
        }
    }

    @Test func R2_areaStep1LetsFlexibleWithoutExceededCriteria() {
        let d = decide(.area, step: 1, number: 4)
        #expect(d.route == .flexible && d.rules == [.R2] && !d.offered)
        #expect(decide(.area, step: 1, number: 18).route == .flexible, "R2 applies to rehousing units too")
    }

    @Test func R2_areaStep1TightenedByExactlyTheExceededCriteria() {
        let d = decide(.area, step: 1, criteria: [.income, .employment], number: 5)
        #expect(d.route == .tightened)
        #expect(d.waitingListCriteria == [.employment, .income], "criteria in RULES.md §4 order")
    }

    @Test func R2_areaStep1ReferralShareIsAPolicySetting() {
        var p = policy
        p.areaStaircase.step1ReferralEvery = 5
        #expect(decide(.area, step: 1, number: 5, policy: p).patternRoute == .referral)
        #expect(decide(.area, step: 1, number: 6, policy: p).patternRoute == .flexible)
    }

    /// Example C of RULES.md: the pattern route of rehousing units 9, 18 (2025) and 27, 36 (2026).
    @Test(arguments: [
        (2, [Route.ordinary, .ordinary, .referral, .ordinary]),
        (3, [.flexible, .flexible, .referral, .flexible]),
        (4, [.referral, .flexible, .referral, .flexible]),
        (1, [.referral, .referral, .referral, .referral]),
    ])
    func R3_exampleC_rehousingUnitsAcross2026(base: Int, expected: [Route]) {
        let cases = [(9, "2025-03-01"), (18, "2025-11-30"), (27, "2026-01-01"), (36, "2026-09-01")]
        for ((number, date), route) in zip(cases, expected) {
            let d = decide(step: base, number: number, date: date)
            #expect(d.patternRoute == route, "base \(base) number \(number) on \(date)")
            #expect(d.rules.first == .R3 && d.rehousing)
        }
    }

    @Test func R3_boundaryBetween2025And2026() {
        // k = 1 (odd) on base step 3: flexible on 31 December 2025, referral on 1 January 2026.
        #expect(decide(step: 3, number: 9, date: "2025-12-31").patternRoute == .flexible)
        #expect(decide(step: 3, number: 9, date: "2026-01-01").patternRoute == .referral)
        #expect(decide(step: 2, number: 9, date: "2025-12-31").patternRoute == .ordinary)
        #expect(decide(step: 2, number: 9, date: "2026-01-01").patternRoute == .referral)
    }

    @Test func R3_kOddGoesToTheMunicipalityKEvenToTheWaitingList() {
        for k in 1...8 {
            let d = decide(step: 4, number: 9 * k, date: "2024-05-01")
            #expect(d.patternRoute == (k % 2 == 1 ? .referral : .flexible), "k = \(k)")
        }
    }

    @Test func R3_usesTheBaseStepNotTheCurrentStep() {
        // Now on step 4 but based on step 2: in 2025 a rehousing unit is ordinary (base 2), not referral.
        #expect(decide(step: 4, base: 2, number: 9, date: "2025-01-01").patternRoute == .ordinary)
        #expect(decide(step: 2, base: 4, number: 9, date: "2025-01-01").patternRoute == .referral)
    }

    @Test func R3_afterAnEarlierStep1EndTheRehousingUnitTakesTheR6RouteStillCitingR3() {
        var p = policy
        let index = p.rehousing.byBaseStep.firstIndex { $0.baseStep == 1 }!
        p.rehousing.byBaseStep[index].windows = [.init(from: day("2024-01-01"), to: day("2027-12-21"), oddK: .referral, evenK: .referral)]
        #expect(decide(step: 1, number: 9, date: "2027-12-21", policy: p).patternRoute == .referral)
        let after = decide(step: 1, number: 9, date: "2027-12-22", policy: p)
        #expect(after.patternRoute == .flexible && after.rules == [.R3])
    }

    @Test func R4_eachStepFollowsItsCycleFromThePolicy() {
        for step in 1...4 {
            let cycle = policy.cycle(step: step)!
            for p in 1...8 {
                for round in 0...2 {
                    let number = round * 9 + p
                    // Counters that let any referral through G1: n − 1 vacancies, none realised.
                    let d = decide(step: step, number: number, before: counters(n: number + 30))
                    #expect(d.patternRoute == cycle[p - 1], "step \(step) p \(p)")
                    #expect(d.rules.first == .R4 && !d.rehousing)
                }
            }
        }
    }

    @Test func R4_aChangedCycleInThePolicyChangesTheRoute() {
        var p = policy
        p.cycles[0].routes = Array(repeating: .ordinary, count: 8)
        #expect(decide(step: 1, number: 1, policy: p).patternRoute == .ordinary)
    }

    @Test func R5_reservedUnitIsDueToTheMunicipalityEvenAsRehousingUnit() {
        let d = decide(step: 3, reserved: 2, number: 18, before: counters(n: 17), reservedUnit: true)
        #expect(d.patternRoute == .referral && d.rules == [.R5] && d.offered)
        #expect(d.rehousing, "R5: still flagged as a rehousing unit")
    }

    @Test func R5_onlyG1CanWithholdAReservedDwelling() {
        let allRealised = Array(repeating: PrecedingDwelling(offered: true, realised: true), count: 3)
        // G2 would fire on an ordinary referral but not on a reserved dwelling.
        let ordinary = decide(step: 1, atRisk: true, number: 19, before: counters(n: 18, offered: 3, realised: 3), preceding: allRealised)
        #expect(ordinary.withheld == .fourth)
        let reserved = decide(step: 1, atRisk: true, reserved: 1, number: 20, before: counters(n: 19, offered: 3, realised: 3),
                              preceding: allRealised, reservedUnit: true)
        #expect(reserved.offered && reserved.rules == [.R5])
        // G3 does not apply either; G1 does.
        let exempt = decide(step: 2, exempt: true, reserved: 1, number: 3, before: counters(n: 2, offered: 2), reservedUnit: true)
        #expect(exempt.offered)
        let capped = decide(step: 2, reserved: 1, number: 3, before: counters(n: 2, offered: 1, realised: 1), reservedUnit: true)
        #expect(capped.withheld == .cap && capped.rules == [.R5, .G1])
    }

    @Test func R6_withheldDwellingIsFlexibleIfTheCycleHasFlexibleElseOrdinary() {
        let withheld = decide(step: 1, number: 1)  // G1 fires at n = 1
        #expect(withheld.withheld == .cap && withheld.route == .flexible && withheld.fallbackRoute == .flexible)
        var p = policy
        p.cycles[0].routes = [.referral, .ordinary, .referral, .ordinary, .referral, .ordinary, .referral, .ordinary]
        #expect(decide(step: 1, number: 1, policy: p).route == .ordinary)
        p.waitingListFallback = .flexible
        #expect(decide(step: 1, number: 1, policy: p).route == .flexible, "R6 fallback is a policy setting")
    }

    @Test func R6_areaStaircaseFallsBackToItsOwnRoute() {
        #expect(decide(.area, step: 2, number: 3).fallbackRoute == .tightened)
        #expect(decide(.area, step: 1, number: 3).fallbackRoute == .flexible)
        #expect(decide(.area, step: 1, criteria: [.education], number: 3).fallbackRoute == .tightened)
    }

    @Test func R7_dateOutsideEveryPeriodIsRefused() throws {
        let ledger = try memoryLedger()
        try ledger.add("AAB-1", step: 1)
        for date in ["2023-12-31", "2028-01-01"] {
            let error = expectError(isBadInput) { _ = try ledger.log("AAB-1", date) }
            #expect(error == .outsideAgreement(.date, date: day(date), loaded: [policy.period]))
            #expect(error?.rule == .R7)
        }
        #expect(try ledger.log("AAB-1", "2027-12-31").number == 1)
    }

    @Test func R7_impossibleDatesAreBadInput() throws {
        let ledger = try memoryLedger()
        try ledger.add("AAB-1", step: 1)
        for date in ["2025-02-30", "2024-13-01", "2024-1-1", "yesterday", "2023-02-29"] {
            expectError(isBadInput) { _ = try ledger.log("AAB-1", date) }
        }
        #expect(try ledger.log("AAB-1", "2024-02-29").date == day("2024-02-29"), "leap day 2024 is real")
    }
}
