/// How a dwelling is let (udlejningsform).
public enum Route: String, Sendable, Codable, CaseIterable {
    /// Municipal referral (kommunal boligsocial anvisning): offered to the municipality.
    case referral
    /// Flexible letting, ordinary criteria (fleksibel udlejning, almindelige kriterier).
    case flexible
    /// Flexible letting, tightened criteria (fleksibel udlejning, skærpede kriterier).
    case tightened
    /// Ordinary letting by waiting-list seniority (almindelig udlejning).
    case ordinary
}

/// The two staircases (trapper) of the agreement.
public enum Staircase: String, Sendable, Codable, CaseIterable {
    /// The area staircase (områdetrappen), for areas on the state's lists: steps 1–2.
    case area
    /// The department staircase (afdelingstrappen), for every other department: steps 1–4.
    case department

    public var steps: ClosedRange<Int> { self == .area ? 1...2 : 1...4 }
}

/// The four tightened criteria of Figure 5, in RULES.md §4 order.
public enum Criterion: String, Sendable, Codable, CaseIterable, Comparable {
    case employment, convictions, education, income

    public static func < (lhs: Criterion, rhs: Criterion) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Parses `employment,income` (any order, no repeats) into §4 order.
    public static func parseList(_ text: String, separator: Character = ",") -> [Criterion]? {
        let names = text.split(separator: separator).map { String($0).trimmingWhitespace(newlines: false) }
        var result: [Criterion] = []
        for name in names where !name.isEmpty {
            guard let criterion = Criterion(rawValue: name), !result.contains(criterion) else { return nil }
            result.append(criterion)
        }
        return result.sorted()
    }

    static func storageText(_ list: [Criterion]) -> String {
        list.sorted().map(\.rawValue).joined(separator: ",")
    }
}

/// What the municipality did with an offer.
public enum Outcome: String, Sendable, Codable, CaseIterable {
    /// A household was referred and took the lease.
    case referred
    /// Used for rehousing under urban renewal (genhusning).
    case rehoused
    /// Sent back (sendt retur): let from the waiting list (R6).
    case returned

    /// Realised referral (realiseret anvisning): the municipality used the dwelling.
    public var isRealised: Bool { self != .returned }
}

/// Why a dwelling due to the municipality was withheld (tilbageholdt).
public enum WithheldReason: String, Sendable, Codable, CaseIterable {
    /// G1: realising it could break one in three.
    case cap
    /// G2: the fourth dwelling after three realised ones (at-risk step 1).
    case fourth
    /// G3: exempt from extra delivery (exempt step 2).
    case exempt
}

/// A rule id of RULES.md. Decisions record the route rules (R1–R5) and guards (G1–G3)
/// that produced them; refusals carry theirs (R7, S1, I1); placements cite P1–P5.
public enum RuleID: String, Sendable, Codable, CaseIterable {
    /// Placement (§2): the state's lists, near-listed areas, Figure 3, risk-zone criteria.
    case P1, P2, P3, P4, P5
    /// Routes (§3): area step 2 and 1, rehousing units, letting cycles, reserved dwellings,
    /// the waiting-list route, and dates outside every agreement period.
    case R1, R2, R3, R4, R5, R6, R7
    /// Safeguards (§5): the cap, the fourth dwelling, exempt from extra delivery.
    case G1, G2, G3
    /// One in three (§5), and the settlement check that keeps it.
    case I1, S1
}

/// Where a vacancy stands now, in one word: what `vacancies` and a decision's JSON show.
public enum VacancyStatus: String, Sendable, CaseIterable {
    /// Let by its pattern route (R1–R4); never offered.
    case notOffered = "not-offered"
    /// Withheld from the municipality by G1–G3 and let by R6.
    case withheld
    /// Offered, awaiting the municipality's answer.
    case pending
    case referred, rehoused, returned
    /// Voided (§6): no longer counted, with whatever offer or answer it had.
    case void

    public init(voided: Bool, offered: Bool, withheld: WithheldReason?, outcome: Outcome?) {
        if voided { self = .void; return }
        if withheld != nil { self = .withheld; return }
        guard offered else { self = .notOffered; return }
        switch outcome {
        case nil: self = .pending
        case .referred?: self = .referred
        case .rehoused?: self = .rehoused
        case .returned?: self = .returned
        }
    }
}
