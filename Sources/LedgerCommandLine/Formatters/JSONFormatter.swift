import VacancyLedger

/// JSON output: the shapes of the CLI contract, keys in the contract's order.
enum JSONFormatter {
    static func counters(_ c: Counters) -> JSONValue {
        .object([
            ("vacancies", .int(c.vacancies)), ("offered", .int(c.offered)), ("pending", .int(c.pending)),
            ("realised", .int(c.realised)), ("returned", .int(c.returned)), ("withheld", .int(c.withheld)),
            ("referred", .int(c.referred)), ("rehoused", .int(c.rehoused)),
        ])
    }

    static func decision(_ r: DecisionReport) -> JSONValue {
        .object(decisionMembers(r))
    }

    static func decisionMembers(_ r: DecisionReport) -> [(String, JSONValue)] {
        [
            ("vacancy", r.vacancy.map { .int($0) } ?? .null),
            ("department", .string(r.department.rawValue)),
            ("number", .int(r.number)),
            ("date", .string(r.date.description)),
            ("unit", .string(r.unit)),
            ("rehousing", .bool(r.rehousing)),
            ("patternRoute", .string(r.patternRoute.rawValue)),
            ("route", .string(r.route.rawValue)),
            ("offered", .bool(r.offered)),
            ("withheld", .optional(r.withheld?.rawValue)),
            ("criteria", .array(r.criteria.map { .string($0.rawValue) })),
            ("outcome", .optional(r.outcome?.rawValue)),
            ("rules", .array(r.rules.map { .string($0.rawValue) })),
            ("policy", .string(r.policyName)),
            ("policyVersion", .int(r.policyVersion)),
            ("dryRun", .bool(r.dryRun)),
            ("counters", counters(r.counters)),
            ("headroom", .int(r.headroom)),
            // Beyond the contract's minimum:
            ("ref", .optional(r.ref)),
            ("reservedUnit", .bool(r.reservedUnit)),
            ("settledOn", .optional(r.settledOn?.description)),
            ("voided", .bool(r.voided != nil)),
            ("status", .string(r.status.rawValue)),
            ("replayed", .bool(r.replayed)),
            ("period", .string(r.period.label)),
            ("by", .optional(r.recordedBy)),
        ]
    }

    static func explanation(_ e: Explanation) -> JSONValue {
        let p = e.placement.placement
        let at = e.countersAtDecision
        return .object(decisionMembers(e.report) + [
            ("countersAtDecision", .object([
                ("vacancies", .int(at.vacancies)), ("offered", .int(at.offered)), ("pending", .int(at.pending)),
                ("realised", .int(at.realised)), ("returned", .int(at.returned)), ("withheld", .int(at.withheld)),
            ])),
            ("placement", placement(p, from: e.placement.effectiveFrom)),
            ("voidReason", .optional(e.report.voided?.reason)),
            // The service's token that logged it; null when logged on the command line.
            ("token", e.token.map { .object([("id", .int($0.id)), ("name", .string($0.name))]) } ?? .null),
            // The contract's JSON is English whatever the reader's language.
            ("explanation", .array(Language.$current.withValue(.en) { ExplanationText.reasons(e) }.map { .string($0) })),
        ])
    }

    /// A placement, in the one shape every command uses (`from` when it is recorded).
    static func placement(_ p: Placement, from: CivilDate?) -> JSONValue {
        .object([
            ("from", from.map { .string($0.description) } ?? .null), ("staircase", .string(p.staircase.rawValue)),
            ("step", .int(p.step)), ("baseStep", p.baseStep.map { .int($0) } ?? .null),
            ("atRisk", .bool(p.atRisk)), ("exempt", .bool(p.exempt)), ("reserved", .int(p.reserved)),
            ("criteria", .array(p.criteria.map { .string($0.rawValue) })),
        ])
    }

    static func department(_ d: DepartmentDetail) -> JSONValue {
        .object([
            ("id", .string(d.department.id.rawValue)),
            ("organisation", .string(d.department.id.organisation)),
            ("name", .string(d.department.name)),
            ("units", .int(d.department.units)),
            ("placements", .array(d.placements.map { placement($0.placement, from: $0.effectiveFrom) })),
            ("periods", .array(d.counters.map { entry in
                .object([("period", .string(entry.period.label)), ("counters", counters(entry.counters)),
                         ("headroom", .int(entry.counters.headroom(capEvery: entry.capEvery))),
                         ("status", .string(entry.counters.status(capEvery: entry.capEvery).rawValue))])
            })),
        ])
    }

    /// Rows under `departments` (the contract's key) by department, else under `groups`.
    static func audit(_ report: AuditReport) -> JSONValue {
        let pendingOver = report.pendingOverDays != nil
        let rows = JSONValue.array(report.rows.map { row in .object(AuditFields.row(row, pendingOver: pendingOver).map { ($0.key, $0.json) }) })
        var members: [(String, JSONValue)] = [
            ("window", report.window.map { .object([("from", .string($0.from.description)), ("to", .string($0.to.description))]) } ?? .null),
            ("by", .string(report.grouping.rawValue)),
        ]
        if let days = report.pendingOverDays { members.append(("pendingOverDays", .int(days))) }
        members.append((report.grouping == .department ? "departments" : "groups", rows))
        members.append(("totals", .object(AuditFields.totals(report).map { ($0.key, $0.json) })))
        return .object(members)
    }

    static func verify(_ v: VerifyReport) -> JSONValue {
        .object([("ok", .bool(v.isClean)), ("entries", .int(v.entries)), ("headHash", .string(v.headHash)),
                 ("countersChecked", .int(v.countersChecked)), ("checkpointsChecked", .int(v.checkpointsChecked)),
                 ("firstBadEntry", v.firstBadEntry.map { .int($0) } ?? .null),
                 ("sinceEntry", v.sinceEntry.map { .int($0) } ?? .null), ("deep", .bool(v.deep)),
                 ("faults", .array(v.faults.map { .string($0) })),
                 ("breaches", .array(v.breaches.map { b in
                     .object([("department", .string(b.department.rawValue)), ("period", .string(b.period.label)),
                              ("firstDate", .string(b.firstDate.description)), ("realised", .int(b.realised)),
                              ("vacancies", .int(b.vacancies))])
                 }))])
    }
}
