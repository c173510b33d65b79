/// P1–P5 and Figure 3: which staircase and step the state's indicators put a department on.
/// Pure: indicators and the policy's thresholds in, a placement and its reasons out.

/// The state's list an area is on (statens lister), as of December.
public enum AreaList: String, Sendable, CaseIterable {
    /// Udsat boligområde (incl. parallelsamfund and omdannelsesområde): P1.
    case udsat, parallelsamfund, omdannelse
    /// Forebyggelsesområde: P2.
    case forebyggelse
    case none
}

/// Need to strengthen the resident mix (behov), Figure 3.
public enum Need: String, Sendable {
    case high, medium, low
}

/// One department's indicators (the CSV row of `placement compute`).
public struct Indicators: Sendable, Equatable {
    public var department: DepartmentID
    public var residents: Int
    public var areaList: AreaList
    /// Residents of the area the department lies in (P3).
    public var areaResidents: Int
    /// Share of residents aged 18–64 outside work and education (2-year average).
    public var outsideWorkShare: Double
    /// Conviction rate as a multiple of the national rate.
    public var convictionRatio: Double
    /// Share of residents aged 30–59 with primary school only.
    public var primarySchoolOnlyShare: Double
    /// Mean gross income as a share of the region's.
    public var incomeRatio: Double
    /// Share of the family dwellings whose households were referred by the municipality.
    public var referredShare: Double
    /// The municipality's flags, set with the placement (G2 needs step 1, G3 step 2).
    public var atRisk: Bool
    public var exempt: Bool
    /// Share of non-Western immigrants and descendants among the residents (§ 61 b, P3);
    /// `nil` when the indicators file does not give it.
    public var nonWesternShare: Double?

    public init(department: DepartmentID, residents: Int, areaList: AreaList, areaResidents: Int, outsideWorkShare: Double,
                convictionRatio: Double, primarySchoolOnlyShare: Double, incomeRatio: Double, referredShare: Double,
                atRisk: Bool = false, exempt: Bool = false, nonWesternShare: Double? = nil) {
        self.nonWesternShare = nonWesternShare
        self.department = department
        self.residents = residents
        self.areaList = areaList
        self.areaResidents = areaResidents
        self.outsideWorkShare = outsideWorkShare
        self.convictionRatio = convictionRatio
        self.primarySchoolOnlyShare = primarySchoolOnlyShare
        self.incomeRatio = incomeRatio
        self.referredShare = referredShare
        self.atRisk = atRisk
        self.exempt = exempt
    }
}

/// The computed placement, the need level (department staircase) and why.
public struct PlacementResult: Sendable, Equatable {
    public var placement: Placement
    public var need: Need?
    public var reasons: [String]
}

public enum PlacementRules {
    /// What a new computed placement keeps from the one in force: on the department
    /// staircase the reserved dwellings (R5: the department's, not the indicators') and the
    /// base step (R3: fixed for the period); and the whole placement when the policy fixes
    /// the department staircase for the period (`recomputeYearly: false`) and the current one
    /// was made within it. `kept` says the placement stays as it is.
    public static func carryOver(_ computed: PlacementResult, current: (placement: Placement, from: CivilDate)?,
                                 policy: Policy, period: DateRange) -> (result: PlacementResult, kept: Bool) {
        guard let (before, from) = current, before.staircase == .department, computed.placement.staircase == .department
        else { return (computed, false) }
        var result = computed
        result.placement.reserved = before.reserved
        // (A dry run shows the current base step; recording reads back the one fixed.)
        result.placement.baseStep = before.baseStep
        if !policy.placement.recomputeYearly, from >= period.start {
            return (PlacementResult(placement: before, need: computed.need,
                                    reasons: computed.reasons + ["kept: the policy fixes the department staircase for the period"]), true)
        }
        return (result, false)
    }

    /// The criteria of §4 a set of thresholds counts as met (the § 61 a designation
    /// criteria, or the risk zone), in §4 order.
    public static func criteriaMet(_ i: Indicators, _ t: Policy.Thresholds) -> [Criterion] {
        var met: [Criterion] = []
        if i.outsideWorkShare > t.outsideWorkShareAbove { met.append(.employment) }
        if i.convictionRatio >= t.convictionRatioAtLeast { met.append(.convictions) }
        if i.primarySchoolOnlyShare > t.primarySchoolOnlyShareAbove { met.append(.education) }
        if i.incomeRatio < t.incomeRatioBelow { met.append(.income) }
        return met
    }

    public static func compute(_ i: Indicators, policy: Policy) -> PlacementResult {
        let p = policy.placement
        let designation = criteriaMet(i, p.designation)
        let riskZone = criteriaMet(i, p.riskZone)
        let names = { (list: [Criterion]) in list.isEmpty ? "none" : list.map(\.rawValue).joined(separator: ", ") }
        func area(_ step: Int, _ why: String) -> PlacementResult {
            // P5: on area step 1, the risk-zone criteria the area exceeds tighten the letting (R2).
            let criteria = step == 1 ? riskZone : []
            var reasons = [why]
            if step == 1 { reasons.append("P5: risk-zone criteria exceeded: \(names(riskZone))") }
            return PlacementResult(placement: Placement(staircase: .area, step: step, criteria: criteria), need: nil, reasons: reasons)
        }
        var p3Note: String?
        switch i.areaList {
        case .udsat, .parallelsamfund, .omdannelse:
            return area(2, "P1: the area is on the state's list (\(i.areaList.rawValue))")
        case .forebyggelse:
            return area(1, "P2: the area is a forebyggelsesområde")
        case .none:
            // P3: just under the resident limit, and listable on its values alone.
            if i.areaResidents > p.nearListedResidents && i.areaResidents < p.listedResidents {
                if designation.count >= p.designation.minimumMet {
                    return area(2, "P3: \(i.areaResidents) residents (over \(p.nearListedResidents), under \(p.listedResidents)) and \(designation.count) designation criteria met (\(names(designation))): placed as if udsat (P1)")
                }
                // "As if P2" needs what § 61 b needs: the non-Western share above its threshold
                // as well as the risk-zone criteria.
                if riskZone.count >= p.riskZone.minimumMet {
                    let residents = "\(i.areaResidents) residents (over \(p.nearListedResidents), under \(p.listedResidents)) and \(riskZone.count) risk-zone criteria met (\(names(riskZone)))"
                    switch (i.nonWesternShare, p.forebyggelseNonWesternShareAbove) {
                    case let (share?, threshold?) where share > threshold:
                        return area(1, "P3: \(residents), non-Western share \(share) above \(threshold): placed as if forebyggelse (P2)")
                    case let (share?, threshold?):
                        p3Note = "P3: \(residents), but non-Western share \(share) is not above \(threshold): not listable as forebyggelse (P2)"
                    case (nil, _?):
                        p3Note = "P3: \(residents), but the indicators give no non_western_share: not listable as forebyggelse (P2) without it"
                    case (_, nil):
                        p3Note = "P3: \(residents), but the policy sets no forebyggelseNonWesternShareAbove: not listable as forebyggelse (P2)"
                    }
                }
            }
        }
        // P4: the department staircase, Figure 3.
        let need: Need = designation.count >= p.designation.minimumMet ? .high
            : riskZone.count >= p.riskZone.minimumMet ? .medium : .low
        let band = p.steps.sorted { $0.referralShareFrom > $1.referralShareFrom }.first { i.referredShare >= $0.referralShareFrom }
            ?? p.steps.min { $0.referralShareFrom < $1.referralShareFrom }!
        let step = need == .high ? band.high : need == .medium ? band.medium : band.low
        var reasons = [p3Note].compactMap { $0} + [
            "P4: need \(need.rawValue) (designation criteria met: \(names(designation)); risk-zone criteria exceeded: \(names(riskZone)))",
            "Figure 3: referred households \(i.referredShare) (band from \(band.referralShareFrom)) and need \(need.rawValue) give step \(step)",
        ]
        let atRisk = i.atRisk && step == 1, exempt = i.exempt && step == 2
        if i.atRisk && !atRisk { reasons.append("at-risk dropped: it applies on department step 1 only") }
        if i.exempt && !exempt { reasons.append("exempt dropped: it applies on department step 2 only") }
        return PlacementResult(placement: Placement(staircase: .department, step: step, atRisk: atRisk, exempt: exempt),
                               need: need, reasons: reasons)
    }
}
