import VacancyLedger

/// Text output for people at a terminal.
enum TextFormatter {
    static func counters(_ c: Counters, headroom: Int) -> String {
        "n \(c.vacancies) · offered \(c.offered) · pending \(c.pending) · realised \(c.realised) · returned \(c.returned) · withheld \(c.withheld) · headroom \(headroom)"
    }

    /// A department and period that fail `audit --strict` (or `--fail-at-limit`), for stderr.
    static func strictFailure(_ row: AuditRow) -> String {
        let c = row.counters
        let what = row.status == .breach
            ? "one in \(row.capEvery) broken" + (row.firstBreach.map { " on \($0)" } ?? "")
            : "at its limit (headroom 0)"
        return "\(row.status.rawValue): \(row.key) \(row.period.label): \(what); realised \(c.realised) of \(c.vacancies) vacancies, \(c.pending) pending"
    }

    static func decision(_ r: DecisionReport) -> String {
        let id = r.vacancy.map { "Vacancy \($0)" } ?? "Dry run (nothing written)"
        var lines = ["\(id): \(r.department) no. \(r.number), unit \(r.unit), \(r.date)\(r.rehousing ? " — rehousing unit" : "")\(r.reservedUnit ? " — reserved unit" : "")"]
        var route = "Route: \(r.route.rawValue)"
        if !r.criteria.isEmpty { route += " (criteria: \(r.criteria.map(\.rawValue).joined(separator: ", ")))" }
        if r.voided != nil {
            // A void vacancy is let by nothing the ledger counts: no answer is pending.
            route += " — void: no longer counted" + (r.offered ? ", the offer to the municipality with it" : "")
        } else if let reason = r.withheld {
            route += " — withheld from the municipality (\(reason.rawValue)); pattern route \(r.patternRoute.rawValue)"
        } else if r.offered {
            switch r.outcome {
            case nil: route += " — offered to the municipality, answer pending"
            case .referred?: route += " — referred by the municipality on \(r.settledOn!)"
            case .rehoused?: route += " — used for rehousing on \(r.settledOn!)"
            case .returned?: route += " — offer returned on \(r.settledOn!), let from the waiting list"
            }
        }
        lines.append(route)
        lines.append("Rules: \(r.rules.map(\.rawValue).joined(separator: " ")) · policy \(r.policyName) v\(r.policyVersion)")
        lines.append("Counters \(r.department) \(r.period.label): \(counters(r.counters, headroom: r.headroom))")
        if r.replayed { lines.append("Ref \(r.ref ?? "") was already logged: nothing written.") }
        if let void = r.voided {
            lines.append("Void: \(void.reason) (by \(void.recordedBy)\(void.forced ? ", forced through an I1 refusal" : ""))")
        }
        return lines.joined(separator: "\n")
    }

    static func explanation(_ e: Explanation) -> String {
        let token = e.token.map { ["• Logged through the service with token \($0.id) (\($0.name))."] } ?? []
        return ([decision(e.report), ""] + ExplanationText.reasons(e).map { "• " + $0 } + token).joined(separator: "\n")
    }

    static func departments(_ list: [DepartmentDetail]) -> String {
        var table = TextTable(header: ["department", "name", "units", "staircase", "step", "flags", "from"], rightAligned: [2, 4])
        for d in list {
            let p = d.current
            table.rows.append([d.department.id.rawValue, d.department.name, String(d.department.units),
                               p?.placement.staircase.rawValue ?? "", p.map { String($0.placement.step) } ?? "",
                               p.map { flags($0.placement) } ?? "", p?.effectiveFrom.description ?? ""])
        }
        return table.render()
    }

    static func flags(_ p: Placement) -> String {
        var flags: [String] = []
        if let base = p.baseStep, base != p.step { flags.append("base \(base)") }
        if p.atRisk { flags.append("at-risk") }
        if p.exempt { flags.append("exempt") }
        if p.reserved > 0 { flags.append("reserved \(p.reserved)") }
        if !p.criteria.isEmpty { flags.append(p.criteria.map(\.rawValue).joined(separator: ",")) }
        return flags.joined(separator: " ")
    }

    static func department(_ d: DepartmentDetail) -> String {
        var lines = ["\(d.department.id) \(d.department.name) — \(d.department.units) units (organisation \(d.department.id.organisation))", "", "Placements:"]
        for record in d.placements {
            let p = record.placement
            lines.append("  from \(record.effectiveFrom): \(p.staircase.rawValue) step \(p.step) \(flags(p))".replacingTrailingSpaces())
        }
        lines.append("")
        lines.append("Counters:")
        for entry in d.counters {
            lines.append("  \(entry.period.label): \(counters(entry.counters, headroom: entry.counters.headroom(capEvery: entry.capEvery))) · \(entry.counters.status(capEvery: entry.capEvery).rawValue)")
        }
        return lines.joined(separator: "\n")
    }

    /// The audit as a table within `width` characters (`nil`: every column, `--wide`): the
    /// least useful columns go first (returned, withheld, staircase, offers, headroom,
    /// period), then names are cut.
    static func audit(_ report: AuditReport, width: Int? = TerminalWidth.fallback) -> String {
        let byDepartment = report.grouping == .department
        var header = [report.grouping.rawValue, byDepartment ? "name" : "departments", "period", "stair", "step", "n", "offers",
                      "pending", "realised", "returned", "withheld", "share", "headroom", "status"]
        if let days = report.pendingOverDays { header.append("pending>\(days)d") }
        var table = TextTable(header: header, rightAligned: Set(4...12).union(header.count > 14 ? [14] : []))
        func line(_ row: AuditRow, key: String, second: String) -> [String] {
            let c = row.counters
            var cells = [key, second, row.period.label, row.staircase?.rawValue ?? "", row.step.map(String.init) ?? "",
                         String(c.vacancies), String(c.offered), String(c.pending), String(c.realised), String(c.returned),
                         String(c.withheld), percentText(row.share), String(row.headroom), row.status.rawValue]
            if report.pendingOverDays != nil { cells.append(String(row.pendingOver ?? 0)) }
            return cells
        }
        for row in report.rows {
            table.rows.append(line(row, key: row.key, second: byDepartment ? row.name ?? "" : String(row.departments)))
        }
        if let totals = report.totals {
            var total = line(totals, key: "total", second: "\(totals.departments) departments")
            total[2] = ""
            table.rows.append(total)
        }
        var text = table.fitted(to: width, drop: [9, 10, 3, 6, 12, 2], shrink: 1).render()
        if let window = report.window { text = "Window \(window.from) – \(window.to) (both inclusive)\n" + text }
        return text
    }

    static func verify(_ v: VerifyReport) -> String {
        var lines = ["entries: \(v.entries)", "head hash: \(v.headHash)", "counter rows checked: \(v.countersChecked)"]
        if v.checkpointsChecked > 0 { lines.append("checkpoints checked: \(v.checkpointsChecked)") }
        if let first = v.firstBadEntry { lines.append("first bad entry: journal \(first)") }
        if let since = v.sinceEntry { lines.append("checked since: entry \(since) (SQLite's page check not run)") }
        lines += v.isClean ? [v.sinceEntry != nil ? "ok: checkpoint, schema, the entries after it and the counters they touched verified"
                                                  : "ok: \(v.deep ? "integrity, " : "")schema, hash chain\(v.checkpointsChecked > 0 ? ", checkpoints" : "") and counters verified"]
                           : v.faults.map { "FAULT: \($0)" }
        // Findings, not faults: the ledger is whole, one in three is not (audit --strict fails on them).
        lines += v.breaches.map(datedBreach)
        return lines.joined(separator: "\n")
    }

    static func datedBreach(_ b: DatedBreachFinding) -> String {
        "breach: \(b.department) \(b.period.label): one in \(b.capEvery) broken from \(b.firstDate) (realised \(b.realised) of \(b.vacancies) vacancies dated by then)"
    }
}
