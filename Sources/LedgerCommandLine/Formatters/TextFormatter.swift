import VacancyLedger

/// Text output for people at a terminal.
enum TextFormatter {
    static func counters(_ c: Counters, headroom: Int) -> String {
        Phrase.countersLine.text(Local.count(c.vacancies), Local.count(c.offered), Local.count(c.pending), Local.count(c.realised),
                                 Local.count(c.returned), Local.count(c.withheld), Local.count(headroom))
    }

    /// A department and period that fail `audit --strict` (or `--fail-at-limit`), for stderr.
    static func strictFailure(_ row: AuditRow) -> String {
        let c = row.counters
        let what = row.status == .breach
            ? row.firstBreach.map { Phrase.strictBreachOn.text(row.capEvery, Local.date($0)) } ?? Phrase.strictBreach.text(row.capEvery)
            : Phrase.strictAtLimit.text()
        return Phrase.strictFailure.text(row.status.rawValue, row.key, Local.period(row.period.label), what, Local.count(c.realised),
                                         Local.count(c.vacancies), Local.count(c.pending))
    }

    /// A decision in words: what to do with the dwelling and why, then the rule ids on their
    /// own line, then the department's figures.
    static func decision(_ r: DecisionReport) -> String {
        let date = Local.date(r.date)
        var heading = r.vacancy.map { Phrase.decisionHeading.text($0, r.department, r.number, r.unit, date) }
            ?? Phrase.decisionDryRunHeading.text(r.department, r.number, r.unit, date)
        if r.rehousing { heading += Phrase.decisionRehousingUnit.text() }
        if r.reservedUnit { heading += Phrase.decisionReservedUnit.text() }
        var lines = [heading, whatToDo(r)]
        lines.append(Phrase.decisionRules.text(r.rules.map(\.rawValue).joined(separator: " "), r.policyName, r.policyVersion))
        lines.append(Phrase.decisionCounters.text(r.department, Local.period(r.period.label), counters(r.counters, headroom: r.headroom)))
        if r.replayed { lines.append(Phrase.decisionReplayed.text(r.ref ?? "")) }
        if let void = r.voided {
            lines.append((void.forced ? Phrase.decisionVoidForced : Phrase.decisionVoid).text(void.reason, void.recordedBy))
        }
        return lines.joined(separator: "\n")
    }

    /// The line a clerk acts on.
    static func whatToDo(_ r: DecisionReport) -> String {
        if r.voided != nil { return (r.offered ? Phrase.doVoidOffer : Phrase.doVoid).text() }
        if let reason = r.withheld {
            let how = Words.letBy(r.route)
            switch reason {
            case .cap: return Phrase.whyCap.text(how, r.capEvery)
            case .fourth: return Phrase.whyFourth.text(how)
            case .exempt: return Phrase.whyExempt.text(how, r.capEvery)
            }
        }
        if r.offered {
            switch r.outcome {
            case nil: return Phrase.doOffer.text()
            case .referred?: return Phrase.doReferred.text(Local.date(r.settledOn))
            case .rehoused?: return Phrase.doRehoused.text(Local.date(r.settledOn))
            case .returned?: return Phrase.doReturned.text(Local.date(r.settledOn), Words.letBy(r.fallbackRoute))
            }
        }
        if r.route == .tightened, !r.criteria.isEmpty { return Phrase.doLetTightened.text(Words.criteria(r.criteria)) }
        return Phrase.doLet.text(Words.letBy(r.route))
    }

    static func explanation(_ e: Explanation) -> String {
        let token = e.token.map { ["• " + Phrase.explainToken.text($0.id, $0.name)] } ?? []
        return ([decision(e.report), ""] + ExplanationText.reasons(e).map { "• " + $0 } + token).joined(separator: "\n")
    }

    static func departments(_ list: [DepartmentDetail]) -> String {
        var table = TextTable(header: [Phrase.colDepartment, .colName, .colUnits, .colStaircase, .colStep, .colFlags, .colFrom].map { $0.text() },
                              rightAligned: [2, 4])
        for d in list {
            let p = d.current
            table.rows.append([d.department.id.rawValue, d.department.name, Local.count(d.department.units),
                               p.map { Words.staircase($0.placement.staircase) } ?? "", p.map { String($0.placement.step) } ?? "",
                               p.map { flags($0.placement) } ?? "", p.map { Local.date($0.effectiveFrom) } ?? ""])
        }
        return table.render()
    }

    static func flags(_ p: Placement) -> String {
        var flags: [String] = []
        if let base = p.baseStep, base != p.step { flags.append(Phrase.flagBaseStep.text(base)) }
        if p.atRisk { flags.append(Phrase.flagAtRisk.text()) }
        if p.exempt { flags.append(Phrase.flagExempt.text()) }
        if p.reserved > 0 { flags.append(Phrase.flagReserved.text(p.reserved)) }
        if !p.criteria.isEmpty { flags.append(Words.criteria(p.criteria)) }
        return flags.joined(separator: ", ")
    }

    static func department(_ d: DepartmentDetail) -> String {
        var lines = [Phrase.departmentHeading.text(d.department.id, d.department.name, Local.count(d.department.units), d.department.id.organisation),
                     "", Phrase.departmentPlacements.text()]
        for record in d.placements {
            let p = record.placement
            lines.append("  " + Phrase.departmentPlacementLine.text(Local.date(record.effectiveFrom), Words.staircase(p.staircase), p.step, flags(p))
                .replacingTrailingSpaces())
        }
        lines.append("")
        lines.append(Phrase.departmentCounters.text())
        for entry in d.counters {
            lines.append("  \(Local.period(entry.period.label)): \(counters(entry.counters, headroom: entry.counters.headroom(capEvery: entry.capEvery))) · \(Words.status(entry.counters.status(capEvery: entry.capEvery)))")
        }
        return lines.joined(separator: "\n")
    }

    /// The audit as a table within `width` characters (`nil`: every column, `--wide`): the
    /// least useful columns go first (returned, withheld, staircase, offers, headroom,
    /// period), then names are cut. `colour`: at-limit rows amber, breaches red.
    static func audit(_ report: AuditReport, width: Int? = TerminalWidth.fallback, colour: Bool = false) -> String {
        let byDepartment = report.grouping == .department
        var header = [Words.grouping(report.grouping)] + [byDepartment ? Phrase.colName : .colDepartments, .colPeriod, .colStaircase, .colStep,
                      .colVacancies, .colOffers, .colPending, .colRealised, .colReturned, .colWithheld, .colShare, .colHeadroom, .colStatus].map { $0.text() }
        if let days = report.pendingOverDays { header.append(Phrase.colPendingOver.text(days)) }
        var table = TextTable(header: header, rightAligned: Set(4...12).union(header.count > 14 ? [14] : []))
        func line(_ row: AuditRow, key: String, second: String) -> [String] {
            let c = row.counters
            var cells = [key, second, Local.period(row.period.label), row.staircase.map(Words.staircase) ?? "", row.step.map(String.init) ?? "",
                         Local.count(c.vacancies), Local.count(c.offered), Local.count(c.pending), Local.count(c.realised), Local.count(c.returned),
                         Local.count(c.withheld), Local.percent(row.share), Local.count(row.headroom), Words.status(row.status)]
            if report.pendingOverDays != nil { cells.append(Local.count(row.pendingOver ?? 0)) }
            return cells
        }
        for row in report.rows {
            if colour, let code = [ComplianceStatus.atLimit: "33", .breach: "31"][row.status] { table.rowColours[table.rows.count] = code }
            table.rows.append(line(row, key: Words.groupKey(row.key, report.grouping),
                                   second: byDepartment ? row.name ?? "" : Local.count(row.departments)))
        }
        if let totals = report.totals {
            var total = line(totals, key: Phrase.total.text(), second: Phrase.auditTotalDepartments.text(Local.count(totals.departments)))
            total[2] = ""
            table.rows.append(total)
        }
        var text = table.fitted(to: width, drop: [9, 10, 3, 6, 12, 2], shrink: 1).render()
        if let window = report.window { text = Phrase.auditWindow.text(Local.date(window.from), Local.date(window.to)) + "\n" + text }
        return text
    }

    static func verify(_ v: VerifyReport) -> String {
        var lines = [Phrase.verifyEntries.text(Local.count(v.entries)), Phrase.verifyHead.text(v.headHash),
                     Phrase.verifyCounters.text(Local.count(v.countersChecked))]
        if v.checkpointsChecked > 0 { lines.append(Phrase.verifyCheckpoints.text(Local.count(v.checkpointsChecked))) }
        if let first = v.firstBadEntry { lines.append(Phrase.verifyFirstBad.text(first)) }
        if let since = v.sinceEntry { lines.append(Phrase.verifySince.text(since)) }
        let checkpoints = v.checkpointsChecked > 0 ? Phrase.verifyAndCheckpoints.text() : ""
        lines += v.isClean ? [v.sinceEntry != nil ? Phrase.verifyOKSince.text() : (v.deep ? Phrase.verifyOKDeep : Phrase.verifyOK).text(checkpoints)]
                           : v.faults.map { Phrase.verifyFault.text($0) }
        // Findings, not faults: the ledger is whole, one in three is not (audit --strict fails on them).
        lines += v.breaches.map(datedBreach)
        return lines.joined(separator: "\n")
    }

    static func datedBreach(_ b: DatedBreachFinding) -> String {
        Phrase.verifyBreach.text(b.department, Local.period(b.period.label), b.capEvery, Local.date(b.firstDate), Local.count(b.realised), Local.count(b.vacancies))
    }
}
