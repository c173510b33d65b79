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
            ("placement", .object([
                ("from", .string(e.placement.effectiveFrom.description)),
                ("staircase", .string(p.staircase.rawValue)), ("step", .int(p.step)),
                ("baseStep", p.baseStep.map { .int($0) } ?? .null), ("atRisk", .bool(p.atRisk)),
                ("exempt", .bool(p.exempt)), ("reserved", .int(p.reserved)),
                ("criteria", .array(p.criteria.map { .string($0.rawValue) })),
            ])),
            ("voidReason", .optional(e.report.voided?.reason)),
            ("explanation", .array(e.reasons.map { .string($0) })),
        ])
    }

    static func department(_ d: DepartmentDetail) -> JSONValue {
        .object([
            ("id", .string(d.department.id.rawValue)),
            ("organisation", .string(d.department.id.organisation)),
            ("name", .string(d.department.name)),
            ("units", .int(d.department.units)),
            ("placements", .array(d.placements.map { record in
                let p = record.placement
                return .object([
                    ("from", .string(record.effectiveFrom.description)), ("staircase", .string(p.staircase.rawValue)),
                    ("step", .int(p.step)), ("baseStep", p.baseStep.map { .int($0) } ?? .null),
                    ("atRisk", .bool(p.atRisk)), ("exempt", .bool(p.exempt)), ("reserved", .int(p.reserved)),
                    ("criteria", .array(p.criteria.map { .string($0.rawValue) })),
                ])
            })),
            ("periods", .array(d.counters.map { entry in
                .object([("period", .string(entry.period.label)), ("counters", counters(entry.counters)),
                         ("headroom", .int(entry.counters.headroom(capEvery: entry.capEvery))),
                         ("status", .string(entry.counters.status(capEvery: entry.capEvery).rawValue))])
            })),
        ])
    }

    static func audit(_ report: AuditReport) -> JSONValue {
        let totals = report.totals
        var totalMembers = AuditFields.totals(report).map { ($0.key, $0.json) }
        totalMembers.insert(("departments", .int(report.rows.count)), at: 0)
        _ = totals
        return .object([
            ("window", report.window.map { .object([("from", .string($0.from.description)), ("to", .string($0.to.description))]) } ?? .null),
            ("departments", .array(report.rows.map { row in .object(AuditFields.row(row).map { ($0.key, $0.json) }) })),
            ("totals", .object(totalMembers)),
        ])
    }

    static func verify(_ v: VerifyReport) -> JSONValue {
        .object([("ok", .bool(v.isClean)), ("entries", .int(v.entries)), ("headHash", .string(v.headHash)),
                 ("countersChecked", .int(v.countersChecked)), ("faults", .array(v.faults.map { .string($0) }))])
    }
}

/// The audit's fields, defined once: JSON keys and CSV headers are the same names.
enum AuditFields {
    struct Field {
        var key: String
        var json: JSONValue
        var text: String
    }

    static func int(_ key: String, _ value: Int) -> Field { Field(key: key, json: .int(value), text: String(value)) }
    static func string(_ key: String, _ value: String?) -> Field {
        Field(key: key, json: .optional(value), text: value ?? "")
    }

    static func figures(_ c: Counters, share: Double, headroom: Int, status: ComplianceStatus,
                        lettings: [Route: Int]) -> [Field] {
        [
            int("vacancies", c.vacancies), int("offered", c.offered), int("pending", c.pending),
            int("realised", c.realised), int("referred", c.referred), int("rehoused", c.rehoused),
            int("returned", c.returned), int("withheld", c.withheld),
            Field(key: "withheldByReason", json: .object([
                ("cap", .int(c.withheldCap)), ("fourth", .int(c.withheldFourth)), ("exempt", .int(c.withheldExempt)),
            ]), text: "cap \(c.withheldCap) fourth \(c.withheldFourth) exempt \(c.withheldExempt)"),
            Field(key: "share", json: .double(share), text: String(share)),
            int("headroom", headroom),
            string("status", status.rawValue),
            int("forcedVoids", c.forcedVoids),
            Field(key: "lettingsByRoute", json: .object(Route.allCases.map { ($0.rawValue, .int(lettings[$0] ?? 0)) }),
                  text: Route.allCases.map { "\($0.rawValue) \(lettings[$0] ?? 0)" }.joined(separator: " ")),
        ]
    }

    static func row(_ row: AuditRow) -> [Field] {
        [
            string("department", row.department.rawValue), string("organisation", row.department.organisation),
            string("name", row.name), string("period", row.period.label),
            Field(key: "step", json: row.step.map { .int($0) } ?? .null, text: row.step.map(String.init) ?? ""),
            string("staircase", row.staircase?.rawValue),
        ] + figures(row.counters, share: row.share, headroom: row.headroom, status: row.status, lettings: row.lettingsByRoute)
    }

    static func totals(_ report: AuditReport) -> [Field] {
        let t = report.totals
        return figures(t.counters, share: t.share, headroom: t.headroom, status: t.status, lettings: t.lettingsByRoute)
    }
}
