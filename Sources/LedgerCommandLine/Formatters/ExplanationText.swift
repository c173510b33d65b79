import VacancyLedger

/// `explain`'s sentences: why a vacancy got its route, in words a clerk understands.
/// Built from what was stored at the decision; rule ids as in RULES.md. Presentation: the
/// library hands over the records, this formatter words them.
enum ExplanationText {
    static func reasons(_ e: Explanation) -> [String] {
        reasons(e.vacancy, placement: e.placement, policy: e.policy)
    }

    static func reasons(_ v: VacancyRecord, placement: PlacementRecord, policy: PolicyRecord) -> [String] {
        let p = placement.placement
        let every = policy.policy.rehousing.every
        let cap = policy.policy.referralCap.every
        var flags: [String] = []
        if let base = p.baseStep { flags.append("base step \(base)") }
        if p.atRisk { flags.append("at-risk") }
        if p.exempt { flags.append("exempt") }
        if p.reserved > 0 { flags.append("\(p.reserved) reserved dwellings") }
        if !p.criteria.isEmpty { flags.append("risk-zone criteria \(p.criteria.map(\.rawValue).joined(separator: ", "))") }
        var lines = [
            "Placement: on \(v.date) \(v.department) was on the \(p.staircase.rawValue) staircase, step \(p.step)"
                + (flags.isEmpty ? "" : " (\(flags.joined(separator: ", ")))")
                + ", placed from \(placement.effectiveFrom). Policy \(policy.name) version \(policy.version).",
            "Position: vacancy number \(v.number) of the department in the period; p = \(v.number) mod \(every) = \(v.number % every)"
                + (v.rehousing ? ", a rehousing unit (genhusningsbolig, every \(every)th)." : "."),
        ]
        let pattern = v.patternRoute.rawValue
        switch v.rules.first {
        case .R1?:
            lines.append("R1: area step 2 lets every dwelling by tightened criteria (all four); the municipality is not offered dwellings here.")
        case .R2?:
            let tightened = p.criteria.isEmpty ? "." : ", tightened by the risk-zone criteria the area exceeds: \(p.criteria.map(\.rawValue).joined(separator: ", "))."
            if v.patternRoute == .referral {
                lines.append("R2: area step 1, and the policy offers every \(policy.policy.areaStaircase.step1ReferralEvery)th vacancy there to the municipality.")
            } else {
                lines.append("R2: area step 1 lets by flexible criteria" + tightened)
            }
        case .R5?:
            lines.append("R5: a dwelling reserved for fixed referral (fast anvisning): due to the municipality.")
        case .R3?:
            let k = v.number / every
            lines.append("R3: rehousing unit k = \(v.number) / \(every) = \(k) (\(k % 2 == 1 ? "odd" : "even")); base step \(p.baseStep ?? p.step) on \(v.date) gives \(pattern).")
        case .R4?:
            lines.append("R4: step \(p.step)'s letting cycle gives position \(v.number % every) the route \(pattern).")
        default:
            break
        }
        let after = v.countersAtDecision
        let realised = after.realised
        let n = after.vacancies
        switch v.withheld {
        case .cap?:
            lines.append("G1: realising it would make \(cap) × (realised \(realised) + 1) = \(cap * (realised + 1)) > n = \(n): withheld (cap) so realised referral stays within one in \(cap).")
        case .fourth?:
            lines.append("G2: the \(policy.policy.fourthDwelling.run) preceding dwellings due to the municipality were all realised: this fourth dwelling is withheld (the department is at-risk).")
        case .exempt?:
            lines.append("G3: the department is exempt from extra delivery and \(cap) × (offers \(after.offered) + 1) = \(cap * (after.offered + 1)) > n = \(n): withheld.")
        case nil where v.offered:
            lines.append("No safeguard fired (G1: \(cap) × (realised \(realised) + 1) = \(cap * (realised + 1)) ≤ n = \(n)): offered to the municipality.")
        case nil:
            break
        }
        if v.withheld != nil {
            lines.append("R6: a withheld dwelling is let from the waiting list: \(v.fallbackRoute.rawValue).")
        }
        if v.offered && v.voided == nil {
            switch v.settlement?.outcome {
            case nil: lines.append("Offer pending: waiting for the municipality's answer (`settle \(v.id) --outcome …`).")
            case .referred?: lines.append("The municipality referred a household on \(v.settlement!.date): realised referral.")
            case .rehoused?: lines.append("The municipality used it for rehousing on \(v.settlement!.date): realised referral.")
            case .returned?: lines.append("The municipality returned it on \(v.settlement!.date); R6: let from the waiting list as \(v.fallbackRoute.rawValue).")
            }
        }
        lines.append("Counters right after the decision: n = \(n), offers \(after.offered), pending \(after.pending), realised \(realised), returned \(after.returned), withheld \(after.withheld).")
        if let void = v.voided {
            lines.append("Void: voided by \(void.recordedBy) at \(void.recordedAt): \(void.reason)\(void.forced ? " (forced through an I1 refusal)" : ""). "
                         + "It no longer counts in the department's figures\(v.offered ? " and nothing is left to settle" : "").")
        }
        return lines
    }
}
