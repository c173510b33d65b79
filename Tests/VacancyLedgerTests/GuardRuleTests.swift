import Testing
@testable import VacancyLedger

/// G1–G3, S1, I1 and the corrections of §6.
@Suite struct GuardRuleTests {
    let realised = PrecedingDwelling(offered: true, realised: true)
    let pendingOffer = PrecedingDwelling(offered: true, realised: false)
    let withheld = PrecedingDwelling(offered: false, realised: false)

    @Test func G1_withholdsWhenRealisingWouldExceedOneInThree() {
        // n includes this vacancy: 3 × (realised + 1) > n.
        #expect(decide(step: 1, number: 3, before: counters(n: 2)).offered, "3 × 1 = 3 ≤ 3")
        let d = decide(step: 1, number: 5, before: counters(n: 4, offered: 1, realised: 1))
        #expect(d.withheld == .cap && d.rules == [.R4, .G1] && d.route == .flexible, "3 × 2 = 6 > 5")
        #expect(decide(step: 1, number: 7, before: counters(n: 6, offered: 1, realised: 1)).offered, "3 × 2 = 6 ≤ 7")
    }

    @Test func G1_pendingOffersDoNotCountByDefault() {
        let before = counters(n: 6, offered: 2, pending: 2)
        #expect(decide(step: 1, number: 7, before: before).offered)
        var p = policy
        p.referralCap.countPending = true
        #expect(decide(step: 1, number: 7, before: before, policy: p).withheld == .cap, "setting: 3 × (0 + 2 + 1) = 9 > 7")
    }

    @Test func G1_appliesOnEveryDepartmentStep() {
        for step in 1...4 {
            #expect(decide(step: step, number: 1).withheld == .cap, "step \(step): 3 × 1 > 1")
        }
    }

    @Test func G2_withholdsTheFourthAfterThreeRealised() {
        let d = decide(step: 1, atRisk: true, number: 12, before: counters(n: 11, offered: 5, realised: 3, returned: 2),
                       preceding: [realised, realised, realised])
        #expect(d.withheld == .fourth && d.rules == [.R4, .G2] && d.route == .flexible)
    }

    /// The Store hands over raw history (newest first); G2 takes the most recent dwellings
    /// due to the municipality (or every vacancy, if the policy says so), oldest first, and
    /// reads no further than it needs.
    @Test func G2_precedingDwellingsAreTheMostRecentDueToTheMunicipality() throws {
        let history = [  // newest first
            EarlierDwelling(patternRoute: .referral, offered: true, realised: true),
            EarlierDwelling(patternRoute: .flexible, offered: false, realised: false),
            EarlierDwelling(patternRoute: .referral, offered: false, realised: false),  // withheld
            EarlierDwelling(patternRoute: .ordinary, offered: false, realised: false),
            EarlierDwelling(patternRoute: .referral, offered: true, realised: false),  // pending
            EarlierDwelling(patternRoute: .referral, offered: true, realised: true),
        ]
        var read = 0
        let run = RuleEngine.fourthDwellingRun(history: { read += 1; return read <= history.count ? history[read - 1] : nil }, policy: policy)
        #expect(run == [PrecedingDwelling(offered: true, realised: false), PrecedingDwelling(offered: false, realised: false),
                        PrecedingDwelling(offered: true, realised: true)])
        #expect(read == 5, "stops at the third dwelling due to the municipality")
        var everyVacancy = policy
        everyVacancy.fourthDwelling.counts = .allVacancies
        var i = 0
        let all = RuleEngine.fourthDwellingRun(history: { i += 1; return i <= history.count ? history[i - 1] : nil }, policy: everyVacancy)
        #expect(all.count == 3 && all.last == PrecedingDwelling(offered: true, realised: true) && all.first == PrecedingDwelling(offered: false, realised: false))
        var j = 0
        #expect(RuleEngine.fourthDwellingRun(history: { j += 1; return j <= 1 ? history[0] : nil }, policy: policy).count == 1)
    }

    @Test func G2_needsThreePreceding() {
        let d = decide(step: 1, atRisk: true, number: 12, before: counters(n: 11, offered: 2, realised: 2),
                       preceding: [realised, realised])
        #expect(d.offered)
    }

    @Test func G2_aPendingOfferIsNotRealised() {
        let d = decide(step: 1, atRisk: true, number: 12, before: counters(n: 11, offered: 3, pending: 1, realised: 2),
                       preceding: [realised, realised, pendingOffer])
        #expect(d.offered)
    }

    @Test func G2_aWithheldDwellingBreaksTheRun() {
        let d = decide(step: 1, atRisk: true, number: 14, before: counters(n: 13, offered: 5, realised: 3, returned: 2),
                       preceding: [realised, realised, withheld])
        #expect(d.offered)
    }

    @Test func G2_onlyAtRiskStep1() {
        let preceding = [realised, realised, realised]
        let before = counters(n: 11, offered: 5, realised: 3, returned: 2)
        #expect(decide(step: 1, atRisk: false, number: 12, before: before, preceding: preceding).offered)
        #expect(decide(step: 2, number: 13, before: counters(n: 12, offered: 5, realised: 3, returned: 2), preceding: preceding).offered)
    }

    @Test func G3_exemptStep2WithholdsExtraDelivery() {
        // 3 × (offered + 1) > n: with one offer made at n = 4, the next due dwelling (n = 5) is withheld.
        let d = decide(step: 2, exempt: true, number: 4, before: counters(n: 3, offered: 1, returned: 1))
        #expect(d.withheld == .exempt && d.rules == [.R4, .G3])
        #expect(decide(step: 2, exempt: true, number: 7, before: counters(n: 6, offered: 1, returned: 1)).offered, "3 × 2 = 6 ≤ 7")
        #expect(decide(step: 2, exempt: false, number: 4, before: counters(n: 3, offered: 1, returned: 1)).offered)
    }

    @Test func guardsApplyInOrderG1G2G3() {
        // Both G1 and G2 would fire: G1 gives the reason.
        let d = decide(step: 1, atRisk: true, number: 10, before: counters(n: 9, offered: 3, realised: 3),
                       preceding: [realised, realised, realised])
        #expect(d.withheld == .cap && d.rules == [.R4, .G1])
    }

    @Test func S1_refusesARealisedOutcomeThatWouldBreakI1AtItsDateOrLater() {
        // Five vacancies dated 10 Jan – 1 May; one answer already realised on 1 April.
        var figures = DatedFigures(periodEnd: day("2027-12-31"))
        for date in ["2024-01-10", "2024-02-10", "2024-03-01", "2024-04-20", "2024-05-01"] { figures.addVacancy(on: day(date)) }
        figures.addRealised(on: day("2024-04-01"))
        // Settled 1 March: 3 × 1 ≤ 3 that day, but on 1 April realised is 2 of 3 vacancies.
        let refusal = RuleEngine.settlementRefusal(.referred, on: day("2024-03-01"), figures: figures, capEvery: 3)
        #expect(refusal?.breaks == DatedState(date: day("2024-04-01"), vacancies: 3, realised: 2))
        #expect(refusal != nil && refusal?.holdsFrom == nil, "5 vacancies hold only one realised answer: no date holds")
        #expect(RuleEngine.settlementRefusal(.returned, on: day("2024-03-01"), figures: figures, capEvery: 3) == nil)
        // A sixth vacancy dated 1 June: settled on or after it, the answer holds (3 × 2 ≤ 6).
        figures.addVacancy(on: day("2024-06-01"))
        let later = RuleEngine.settlementRefusal(.rehoused, on: day("2024-03-01"), figures: figures, capEvery: 3)
        #expect(later?.breaks.date == day("2024-04-01") && later?.holdsFrom == day("2024-06-01"))
        #expect(RuleEngine.settlementRefusal(.rehoused, on: day("2024-06-01"), figures: figures, capEvery: 3) == nil)
        #expect(RuleEngine.settlementRefusal(.rehoused, on: day("2024-07-15"), figures: figures, capEvery: 3) == nil)
    }

    @Test func S1_anAnswerSettledAfterThePeriodCountsOnItsLastDay() {
        var figures = DatedFigures(periodEnd: day("2024-12-31"))
        for _ in 1...3 { figures.addVacancy(on: day("2024-12-01")) }
        figures.addRealised(on: day("2025-03-01"))
        #expect(figures.realised == [.init(day: day("2024-12-31"), count: 1)])
        let refusal = RuleEngine.settlementRefusal(.referred, on: day("2025-02-01"), figures: figures, capEvery: 3)
        #expect(refusal?.breaks == DatedState(date: day("2024-12-31"), vacancies: 3, realised: 2))
    }

    @Test func I1_firstBreachIsCountedByDates() {
        var figures = DatedFigures(periodEnd: day("2027-12-31"))
        figures.addVacancy(on: day("2024-01-01"))
        figures.addRealised(on: day("2024-01-02"))
        for _ in 1...2 { figures.addVacancy(on: day("2024-01-05")) }
        // 3 × 1 > 1 on 2 January; healed on 5 January (3 × 1 ≤ 3): the totals hide it.
        #expect(RuleEngine.firstBreach(figures, capEvery: 3) == DatedState(date: day("2024-01-02"), vacancies: 1, realised: 1))
        #expect(RuleEngine.firstBreach(figures, capEvery: 3, from: day("2024-01-05")) == nil)
        #expect(RuleEngine.firstBreach(figures, capEvery: 3, from: day("2024-01-03"))?.date == day("2024-01-03"),
                "a window from 3 January starts in the breach")
        // A backdated vacancy heals it.
        for _ in 1...2 { figures.addVacancy(on: day("2024-01-01")) }
        #expect(RuleEngine.firstBreach(figures, capEvery: 3) == nil)
    }

    @Test func I1_aVoidIsJudgedAtItsDateAndEveryLaterOne() {
        var figures = DatedFigures(periodEnd: day("2027-12-31"))
        for date in ["2024-01-01", "2024-02-01", "2024-03-01", "2024-09-01"] { figures.addVacancy(on: day(date)) }
        figures.addRealised(on: day("2024-03-15"))
        // Voiding February's vacancy leaves 1 realised of 2 vacancies from 15 March to 1 September.
        let breach = RuleEngine.voidBreach(vacancyOn: day("2024-02-01"), realisedOn: nil, figures: figures, capEvery: 3)
        #expect(breach == DatedState(date: day("2024-03-15"), vacancies: 2, realised: 1))
        // Voiding the realised vacancy takes its answer along: nothing breaks.
        #expect(RuleEngine.voidBreach(vacancyOn: day("2024-03-01"), realisedOn: day("2024-03-15"), figures: figures, capEvery: 3) == nil)
        // September's void changes only dates from September on: 3 × 1 ≤ 3.
        #expect(RuleEngine.voidBreach(vacancyOn: day("2024-09-01"), realisedOn: nil, figures: figures, capEvery: 3) == nil)
    }

    @Test func S1_ledgerRefusesAsARuleRefusalAndWritesNothing() throws {
        let ledger = try memoryLedger()
        try ledger.add("AAB-1", step: 1)
        // Two offers pending when only one can be realised: n = 3 (offer), n = 5 (offer… G1 lets it, pending don't count).
        _ = try ledger.log("AAB-1")  // 1: referral, cap
        _ = try ledger.log("AAB-1")  // 2: flexible
        let first = try ledger.log("AAB-1")  // 3: offered
        _ = try ledger.log("AAB-1")  // 4
        let second = try ledger.log("AAB-1")  // 5: offered (realised 0: 3 ≤ 5)
        #expect(first.offered && second.offered)
        _ = try ledger.settle(vacancy: first.vacancy!, outcome: .referred, date: "2024-07-01", by: "t")
        let before = try ledger.verify()
        let error = expectError(isRefused) {
            _ = try ledger.settle(vacancy: second.vacancy!, outcome: .referred, date: "2024-07-01", by: "t")
        }
        #expect(error == .settlementRefused(vacancy: second.vacancy!, outcome: .referred, department: DepartmentID("AAB-1")!,
                                            settledOn: day("2024-07-01"), breaksOn: day("2024-07-01"), realised: 2,
                                            vacancies: 5, capEvery: 3, holdsFrom: nil))
        #expect(error?.rule == .S1)
        let after = try ledger.verify()
        #expect(after.isClean && after.entries == before.entries && after.headHash == before.headHash, "nothing written")
        #expect(try ledger.vacancy(second.vacancy!).outcome == nil, "the offer is still pending")
        #expect(try ledger.settle(vacancy: second.vacancy!, outcome: .returned, date: "2024-07-01", by: "t").route == .flexible)
    }

    @Test func I1_holdsAfterEveryStepOfExampleA() throws {
        let ledger = try memoryLedger()
        try ledger.add("AAB-15", step: 1, atRisk: true)
        for _ in 1...40 {
            let r = try ledger.log("AAB-15")
            if r.offered { _ = try ledger.settle(vacancy: r.vacancy!, outcome: .referred, date: "2024-07-01", by: "t") }
            let c = try ledger.department("AAB-15").counters[0].counters
            #expect(RuleEngine.invariantHolds(c, capEvery: 3), "3 × \(c.realised) ≤ \(c.vacancies)")
        }
    }

    @Test func voidOfTheLatestVacancyFreesItsNumber() throws {
        let ledger = try memoryLedger()
        try ledger.add("AAB-1", step: 3)
        _ = try ledger.log("AAB-1")
        let second = try ledger.log("AAB-1")
        _ = try ledger.void(vacancy: second.vacancy!, reason: "logged twice", settlementOnly: false, force: false, by: "t")
        #expect(try ledger.log("AAB-1").number == 2, "§6: the freed number is reused, keeping the 9-cycle aligned")
    }

    @Test func voidOfAnOlderVacancyLeavesAGap() throws {
        let ledger = try memoryLedger()
        try ledger.add("AAB-1", step: 3)
        let first = try ledger.log("AAB-1")
        _ = try ledger.log("AAB-1")
        _ = try ledger.void(vacancy: first.vacancy!, reason: "wrong department", settlementOnly: false, force: false, by: "t")
        let third = try ledger.log("AAB-1")
        #expect(third.number == 3 && third.counters.vacancies == 2, "number from the highest active; n counts active only")
    }

    @Test func voidThatWouldBreakI1IsRefusedUnlessForced() throws {
        let ledger = try memoryLedger()
        try ledger.add("AAB-1", step: 1)
        var realisedID: Int64?
        var ids: [Int64] = []
        for _ in 1...3 {
            let r = try ledger.log("AAB-1")
            ids.append(r.vacancy!)
            if r.offered {
                _ = try ledger.settle(vacancy: r.vacancy!, outcome: .referred, date: "2024-07-01", by: "t")
                realisedID = r.vacancy
            }
        }
        #expect(realisedID == ids[2], "number 3 offered and referred: 3 × 1 ≤ 3")
        let error = expectError(isRefused) {
            _ = try ledger.void(vacancy: ids[0], reason: "mistake", settlementOnly: false, force: false, by: "t")
        }
        #expect(error?.rule == .I1)
        guard case .voidRefused(ids[0], _, breaksOn: day("2024-07-01"), realised: 1, vacancies: 2, capEvery: 3)? = error else {
            Issue.record("\(String(describing: error))"); return
        }
        let forced = try ledger.void(vacancy: ids[0], reason: "mistake", settlementOnly: false, force: true, by: "t")
        #expect(forced.counters.vacancies == 2 && forced.counters.realised == 1 && forced.counters.forcedVoids == 1)
        let audit = try ledger.audit()
        #expect(audit.rows[0].status == .breach && audit.hasBreach, "a forced breach stays visible")
        #expect(try ledger.verify().isClean)
    }

    @Test func voidOfASettlementMakesTheOfferPendingAgainAndIsNeverRefused() throws {
        let ledger = try memoryLedger()
        try ledger.add("AAB-1", step: 1)
        _ = try ledger.log("AAB-1"); _ = try ledger.log("AAB-1")
        let offer = try ledger.log("AAB-1")
        _ = try ledger.settle(vacancy: offer.vacancy!, outcome: .referred, date: "2024-07-01", by: "t")
        let after = try ledger.void(vacancy: offer.vacancy!, reason: "wrong outcome", settlementOnly: true, force: false, by: "t")
        #expect(after.outcome == nil && after.route == .referral && after.counters.pending == 1 && after.counters.realised == 0)
        #expect(after.rules == [.R4], "settling and voiding do not change rules")
        expectError(isBadInput) {
            _ = try ledger.void(vacancy: offer.vacancy!, reason: "again", settlementOnly: true, force: false, by: "t")
        }
        #expect(try ledger.settle(vacancy: offer.vacancy!, outcome: .returned, date: "2024-07-02", by: "t").outcome == .returned)
    }

    @Test func settlementPreconditionsAreBadInput() throws {
        let ledger = try memoryLedger()
        try ledger.add("AAB-1", step: 1)
        let withheldOne = try ledger.log("AAB-1", "2024-03-01")
        expectError(isBadInput) { _ = try ledger.settle(vacancy: withheldOne.vacancy!, outcome: .returned, date: "2024-03-02", by: "t") }
        _ = try ledger.log("AAB-1", "2024-03-01")
        let offer = try ledger.log("AAB-1", "2024-03-01")
        expectError(isBadInput) { _ = try ledger.settle(vacancy: offer.vacancy!, outcome: .referred, date: "2024-02-28", by: "t") }
        expectError(isBadInput) { _ = try ledger.settle(vacancy: 999, outcome: .referred, date: "2024-03-02", by: "t") }
        _ = try ledger.settle(vacancy: offer.vacancy!, outcome: .referred, date: "2024-03-01", by: "t")
        expectError(isBadInput) { _ = try ledger.settle(vacancy: offer.vacancy!, outcome: .returned, date: "2024-03-02", by: "t") }
        _ = try ledger.void(vacancy: offer.vacancy!, reason: "x", settlementOnly: false, force: true, by: "t")
        expectError(isBadInput) { _ = try ledger.void(vacancy: offer.vacancy!, reason: "x", settlementOnly: false, force: true, by: "t") }
        expectError(isBadInput) { _ = try ledger.settle(vacancy: offer.vacancy!, outcome: .returned, date: "2024-03-02", by: "t") }
    }
}
