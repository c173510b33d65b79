import Testing
@testable import VacancyLedger

/// RULES.md §9: the worked examples, replayed through the whole ledger (rules + store).
@Suite struct WorkedExampleTests {
    struct Row {
        var pattern: Route
        var route: Route
        var offered: Bool
        var withheld: WithheldReason?
        var outcome: Outcome?
        var rules: [RuleID]
        var realised: Int
        var headroom: Int
    }

    static func row(_ text: String) -> Row {
        // "pattern route offered withheld outcome rules realised headroom", "-" for empty.
        let f = text.split(separator: " ").map(String.init)
        return Row(pattern: Route(rawValue: f[0])!, route: Route(rawValue: f[1])!, offered: f[2] == "yes",
                   withheld: WithheldReason(rawValue: f[3]), outcome: Outcome(rawValue: f[4]),
                   rules: f[5].split(separator: "+").map { RuleID(rawValue: String($0))! },
                   realised: Int(f[6])!, headroom: Int(f[7])!)
    }

    func replay(_ rows: [Row]) throws {
        let ledger = try memoryLedger()
        try ledger.add("AAB-15", step: 1, atRisk: true)
        for (index, expected) in rows.enumerated() {
            let n = index + 1
            var r = try ledger.log("AAB-15", "2024-0\(1 + n / 4)-1\(n % 9)")
            if let outcome = expected.outcome {
                r = try ledger.settle(vacancy: r.vacancy!, outcome: outcome, date: "2024-12-31", by: "t")
            }
            #expect(r.number == n)
            #expect(r.patternRoute == expected.pattern, "n = \(n) pattern")
            #expect(r.route == expected.route, "n = \(n) route")
            #expect(r.offered == expected.offered, "n = \(n) offered")
            #expect(r.withheld == expected.withheld, "n = \(n) withheld")
            #expect(r.outcome == expected.outcome, "n = \(n) outcome")
            #expect(r.rules == expected.rules, "n = \(n) rules")
            #expect(r.counters.realised == expected.realised, "n = \(n) realised")
            #expect(r.headroom == expected.headroom, "n = \(n) headroom")
        }
    }

    @Test func exampleA_G1_capBindsWhenEveryOfferIsUsed() throws {
        try replay([
            "referral flexible no cap - R4+G1 0 0", "flexible flexible no - - R4 0 0",
            "referral referral yes - referred R4 1 0", "ordinary ordinary no - - R4 1 0",
            "referral flexible no cap - R4+G1 1 0", "flexible flexible no - - R4 1 1",
            "referral referral yes - referred R4 2 0", "ordinary ordinary no - - R4 2 0",
            "referral referral yes - referred R3 3 0", "referral flexible no cap - R4+G1 3 0",
            "flexible flexible no - - R4 3 0", "referral referral yes - referred R4 4 0",
            "ordinary ordinary no - - R4 4 0",
        ].map(Self.row))
    }

    @Test func exampleB_G2_fourthDwellingWithheldOnceThenOfferedAgain() throws {
        try replay([
            "referral flexible no cap - R4+G1 0 0", "flexible flexible no - - R4 0 0",
            "referral flexible yes - returned R4 0 1", "ordinary ordinary no - - R4 0 1",
            "referral flexible yes - returned R4 0 1", "flexible flexible no - - R4 0 2",
            "referral referral yes - referred R4 1 1", "ordinary ordinary no - - R4 1 1",
            "referral referral yes - referred R3 2 1", "referral referral yes - referred R4 3 0",
            "flexible flexible no - - R4 3 0", "referral flexible no fourth - R4+G2 3 1",
            "ordinary ordinary no - - R4 3 1", "referral referral yes - referred R4 4 0",
            "flexible flexible no - - R4 4 1", "referral referral yes - referred R4 5 0",
            "ordinary ordinary no - - R4 5 0", "referral referral yes - referred R3 6 0",
        ].map(Self.row))
    }
}
