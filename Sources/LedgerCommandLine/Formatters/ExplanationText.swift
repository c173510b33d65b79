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
        if let base = p.baseStep { flags.append(Phrase.flagBaseStep.text(base)) }
        if p.atRisk { flags.append(Phrase.flagAtRisk.text()) }
        if p.exempt { flags.append(Phrase.flagExempt.text()) }
        if p.reserved > 0 { flags.append(Phrase.flagReserved.text(p.reserved)) }
        if !p.criteria.isEmpty { flags.append(Phrase.flagCriteria.text(Words.criteria(p.criteria))) }
        let date = Local.date(v.date)
        var lines = [
            Phrase.explainPlacement.text(date, v.department, Words.staircase(p.staircase), p.step,
                                         flags.isEmpty ? "" : Phrase.explainPlacementFlags.text(flags.joined(separator: ", ")),
                                         Local.date(placement.effectiveFrom))
                + " " + Phrase.explainPolicy.text(policy.name, policy.version),
            (v.rehousing ? Phrase.explainPositionRehousing : Phrase.explainPosition).text(v.number, every, v.number % every),
        ]
        let pattern = Words.route(v.patternRoute)
        switch v.rules.first {
        case .R1?:
            lines.append(Phrase.explainR1.text())
        case .R2?:
            if v.patternRoute == .referral {
                lines.append(Phrase.explainR2Referral.text(policy.policy.areaStaircase.step1ReferralEvery))
            } else if p.criteria.isEmpty {
                lines.append(Phrase.explainR2Flexible.text())
            } else {
                lines.append(Phrase.explainR2Tightened.text(Words.criteria(p.criteria)))
            }
        case .R5?:
            lines.append(Phrase.explainR5.text())
        case .R3?:
            let k = v.number / every
            lines.append(Phrase.explainR3.text(k, (k % 2 == 1 ? Phrase.explainR3Odd : .explainR3Even).text(), p.baseStep ?? p.step, date, pattern))
        case .R4?:
            lines.append(Phrase.explainR4.text(p.step, v.number % every, pattern))
        default:
            break
        }
        let after = v.countersAtDecision
        let realised = after.realised
        let n = after.vacancies
        switch v.withheld {
        case .cap?:
            lines.append(Phrase.explainG1.text(realised + 1, n, cap))
        case .fourth?:
            lines.append(Phrase.explainG2.text(policy.policy.fourthDwelling.run))
        case .exempt?:
            lines.append(Phrase.explainG3.text(after.offered + 1, n, cap))
        case nil where v.offered:
            lines.append(Phrase.explainNoSafeguard.text(realised + 1, n, cap))
        case nil:
            break
        }
        if v.withheld != nil {
            lines.append(Phrase.explainR6.text(Words.letBy(v.fallbackRoute)))
        }
        if v.offered && v.voided == nil {
            switch v.settlement?.outcome {
            case nil: lines.append(Phrase.explainPending.text(v.id))
            case .referred?: lines.append(Phrase.explainReferred.text(Local.date(v.settlement!.date)))
            case .rehoused?: lines.append(Phrase.explainRehoused.text(Local.date(v.settlement!.date)))
            case .returned?: lines.append(Phrase.explainReturned.text(Local.date(v.settlement!.date), Words.letBy(v.fallbackRoute)))
            }
        }
        lines.append(Phrase.explainCounters.text(Phrase.countersFigures.text(Local.count(n), Local.count(after.offered), Local.count(after.pending),
                                                                            Local.count(realised), Local.count(after.returned), Local.count(after.withheld))))
        if let void = v.voided {
            lines.append((v.offered ? Phrase.explainVoidOffer : .explainVoid).text(void.recordedBy, void.recordedAt, void.reason,
                                                                                 void.forced ? Phrase.explainForced.text() : ""))
        }
        return lines
    }
}
