import VacancyLedger

/// The year-end summary as one self-contained HTML page with SVG charts: no scripts, no
/// fonts, no network.
package enum HTMLFormatter {
    package static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// The route mix's parts, named in the reader's language, and their colours.
    static var routeColours: [(String, String)] {
        [(Phrase.chartRealisedReferral.text(), "#c0392b"), (Words.term("flexible"), "#2e86c1"), (Words.term("tightened"), "#1a5276"),
         (Words.term("ordinary"), "#7f8c8d"), (Phrase.chartPendingOffers.text(), "#f5b041")]
    }

    /// Bars at most in the per-department chart: a city has hundreds of departments, and a
    /// reader needs the ones to act on.
    static let shownDepartments = 25

    /// The departments the chart shows: every breach and every one at the limit, then the
    /// highest realised shares, `shownDepartments` in all; and how many are left out.
    static func chartedDepartments(_ rows: [AuditRow]) -> (shown: [AuditRow], omitted: Int) {
        let rank = { (row: AuditRow) in row.status == .breach ? 0 : row.status == .atLimit ? 1 : 2 }
        let sorted = rows.sorted { (rank($0), -$0.share, $0.key) < (rank($1), -$1.share, $1.key) }
        let shown = Array(sorted.prefix(shownDepartments))
        return (shown, rows.count - shown.count)
    }

    /// Realised referral share per department against the policy's cap line (one in three):
    /// the departments to act on first (`chartedDepartments`), with a legend, labels that
    /// fit, and a line saying how many more are within the limit.
    package static func shareChart(_ all: [AuditRow]) -> String {
        // The cap comes from the policy each row was audited under.
        let cap = all.map(\.capEvery).max() ?? 1
        let (rows, omitted) = chartedDepartments(all)
        let width = 760.0, left = 250.0, barHeight = 22.0, top = 30.0
        let scale = (width - left - 90) / 0.5  // 0 … 50 %
        let bottom = Int(top + Double(rows.count) * barHeight)
        let height = bottom + 70
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(height)\" role=\"img\" aria-label=\"\(escape(Phrase.chartShareLabel.text(rows.count)))\">"
        for (i, row) in rows.enumerated() {
            let y = top + Double(i) * barHeight
            let colour = row.status == .breach ? "#c0392b" : row.status == .atLimit ? "#f5b041" : "#27ae60"
            // Cut to what fits left of the bars (about 6.5 px a character at 12 px).
            var label = row.key + (row.name.map { " " + $0 } ?? "")
            if label.count > 36 { label = String(label.prefix(35)) + "…" }
            svg += "<text x=\"\(Int(left - 8))\" y=\"\(Int(y + 15))\" text-anchor=\"end\" font-size=\"12\">\(escape(label))</text>"
            svg += "<rect x=\"\(Int(left))\" y=\"\(Int(y + 3))\" width=\"\(Int(min(row.share, 0.5) * scale))\" height=\"\(Int(barHeight - 6))\" fill=\"\(colour)\"/>"
            svg += "<text x=\"\(Int(left + min(row.share, 0.5) * scale + 4))\" y=\"\(Int(y + 15))\" font-size=\"11\">\(percentText(row.share)) (\(row.counters.realised)/\(row.counters.vacancies))</text>"
        }
        let lineX = Int(left + scale / Double(cap))
        svg += "<line x1=\"\(lineX)\" y1=\"\(Int(top) - 8)\" x2=\"\(lineX)\" y2=\"\(bottom)\" stroke=\"#000\" stroke-dasharray=\"5,4\"/>"
        svg += "<text x=\"\(lineX)\" y=\"\(Int(top) - 12)\" font-size=\"12\" text-anchor=\"middle\">\(escape(Phrase.chartOneIn.text(cap, percentText(1 / Double(cap)))))</text>"
        svg += "<line x1=\"\(Int(left))\" y1=\"\(bottom)\" x2=\"\(Int(width - 90))\" y2=\"\(bottom)\" stroke=\"#999\"/>"
        for tick in [0, 10, 20, 30, 40, 50] {
            let x = Int(left + Double(tick) / 100 * scale)
            svg += "<text x=\"\(x)\" y=\"\(bottom + 16)\" font-size=\"11\" text-anchor=\"middle\">\(tick) %</text>"
        }
        var lx = left
        for (name, colour) in [(Phrase.chartInBreach.text(), "#c0392b"), (Phrase.chartAtLimit.text(), "#f5b041"), (Phrase.chartWithin.text(), "#27ae60")] {
            svg += "<rect x=\"\(Int(lx))\" y=\"\(bottom + 28)\" width=\"12\" height=\"12\" fill=\"\(colour)\"/><text x=\"\(Int(lx + 16))\" y=\"\(bottom + 38)\" font-size=\"11\">\(name)</text>"
            lx += Double(name.count) * 6.5 + 34
        }
        if omitted > 0 {
            let alsoFailing = all.filter { $0.status != .ok }.count - rows.filter { $0.status != .ok }.count
            let more = alsoFailing > 0 ? Phrase.chartMoreFailing.text(omitted, alsoFailing) : Phrase.chartMoreWithin.text(omitted)
            svg += "<text x=\"\(Int(left))\" y=\"\(bottom + 60)\" font-size=\"12\">\(more)</text>"
        }
        return svg + "</svg>"
    }

    /// The route mix per step, as stacked shares of the vacancies.
    package static func routeMixChart(_ rows: [SummaryRow]) -> String {
        let width = 760.0, left = 190.0, barHeight = 26.0, top = 10.0, barWidth = width - left - 20
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(top + Double(rows.count) * barHeight + 40))\" role=\"img\" aria-label=\"\(escape(Phrase.chartRouteMix.text()))\">"
        for (i, row) in rows.enumerated() {
            let y = top + Double(i) * barHeight
            svg += "<text x=\"\(Int(left - 8))\" y=\"\(Int(y + 17))\" text-anchor=\"end\" font-size=\"12\">\(escape(Words.groupKey(row.key, row.grouping))) (n \(Local.count(row.vacancies)))</text>"
            let parts = [row.realised, row.lettingsByRoute[.flexible] ?? 0, row.lettingsByRoute[.tightened] ?? 0,
                         row.lettingsByRoute[.ordinary] ?? 0, row.pending]
            let total = max(1, parts.reduce(0, +))
            var x = left
            for (part, (_, colour)) in zip(parts, routeColours) where part > 0 {
                let w = barWidth * Double(part) / Double(total)
                svg += "<rect x=\"\(String(format: "%.1f", x))\" y=\"\(Int(y + 3))\" width=\"\(String(format: "%.1f", w))\" height=\"\(Int(barHeight - 6))\" fill=\"\(colour)\"><title>\(part)</title></rect>"
                x += w
            }
        }
        var lx = left
        let ly = Int(top + Double(rows.count) * barHeight + 20)
        for (name, colour) in routeColours.map({ (escape($0.0), $0.1) }) {
            svg += "<rect x=\"\(Int(lx))\" y=\"\(ly - 10)\" width=\"12\" height=\"12\" fill=\"\(colour)\"/><text x=\"\(Int(lx + 16))\" y=\"\(ly)\" font-size=\"11\">\(name)</text>"
            lx += Double(name.count) * 6.5 + 34
        }
        return svg + "</svg>"
    }

    /// Vacancies per month of the year.
    package static func monthChart(_ months: [Int]) -> String {
        let width = 760.0, height = 200.0, left = 40.0, bottom = 170.0
        let top = Double(max(1, months.max() ?? 1))
        let step = (width - left - 10) / 12
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(escape(Phrase.chartMonths.text()))\">"
        let names = Phrase.monthNames.text().split(separator: " ").map(String.init)
        for (i, count) in months.enumerated() {
            let h = (bottom - 20) * Double(count) / top
            let x = left + Double(i) * step
            svg += "<rect x=\"\(Int(x + 4))\" y=\"\(Int(bottom - h))\" width=\"\(Int(step - 8))\" height=\"\(Int(h))\" fill=\"#2e86c1\"/>"
            svg += "<text x=\"\(Int(x + step / 2))\" y=\"\(Int(bottom - h - 4))\" font-size=\"11\" text-anchor=\"middle\">\(count)</text>"
            svg += "<text x=\"\(Int(x + step / 2))\" y=\"\(Int(bottom + 16))\" font-size=\"11\" text-anchor=\"middle\">\(names[i])</text>"
        }
        svg += "<line x1=\"\(Int(left))\" y1=\"\(Int(bottom))\" x2=\"\(Int(width - 10))\" y2=\"\(Int(bottom))\" stroke=\"#999\"/>"
        return svg + "</svg>"
    }

    static func html(_ report: YearReport) -> String {
        let steps = report.groups.filter { $0.grouping == .step }
        let city = report.groups.first { $0.grouping == .city }
        let headings: [Phrase] = [.reportGroup, .colDepartments, .colDwellings, .colVacanciesWord, .colOfDwellings, .chartRealisedReferral]
        var table = "<table><tr>" + headings.map { "<th scope=\"col\">\(escape($0.text()))</th>" }.joined()
        table += ["flexible", "tightened", "ordinary", "pending"].map { "<th scope=\"col\">\(escape(Words.term($0)))</th>" }.joined()
        table += "<th scope=\"col\">\(escape(Phrase.colFlexibleShare.text()))</th><th scope=\"col\">\(escape(Phrase.colRealisedShare.text()))</th></tr>"
        for r in report.groups {
            table += "<tr><td>\(escape(Words.groupKey(r.key, r.grouping)))</td><td>\(Local.count(r.departments))</td><td>\(Local.count(r.dwellings))</td><td>\(Local.count(r.vacancies))</td><td>\(percentText(r.vacancyShareOfDwellings))</td><td>\(Local.count(r.realised))</td><td>\(Local.count(r.lettingsByRoute[.flexible] ?? 0))</td><td>\(Local.count(r.lettingsByRoute[.tightened] ?? 0))</td><td>\(Local.count(r.lettingsByRoute[.ordinary] ?? 0))</td><td>\(Local.count(r.pending))</td><td>\(percentText(r.flexibleShare))</td><td>\(percentText(r.realisedShare))</td></tr>"
        }
        table += "</table>"
        let summary = city.map { Phrase.reportCitySummary.text(Local.count($0.vacancies), Local.count($0.departments), percentText($0.realisedShare), percentText($0.flexibleShare)) }
            ?? Phrase.reportNoDepartments.text()
        let lbf = city.map { $0.lbfCategories.map { "\(ReportFields.danish($0.0)) \(Local.count($0.1))" }.joined(separator: " · ") } ?? ""
        return """
            <!DOCTYPE html>
            <html lang="\(Language.current.rawValue)"><head><meta charset="utf-8"><title>\(escape(Phrase.reportTitle.text(report.year)))</title>
            <style>
            body { font-family: system-ui, "DejaVu Sans", sans-serif; margin: 24px; color: #222; max-width: 820px; }
            h1 { font-size: 22px; } h2 { font-size: 16px; margin-top: 28px; }
            table { border-collapse: collapse; font-size: 11px; width: 100%; } td, th { border-bottom: 1px solid #ddd; padding: 3px 4px; text-align: right; }
            td:first-child, th:first-child { text-align: left; } .note { color: #555; font-size: 12px; }
            </style></head><body><main>
            <h1>\(escape(Phrase.reportPageHeading.text(report.year)))</h1>
            <p class="note">\(escape(summary)) \(escape(Phrase.reportDatedIn.text(report.year)))</p>
            <h2>\(escape(Phrase.reportShareHeading.text()))</h2>
            \(shareChart(report.audit.departmentRows))
            <h2>\(escape(Phrase.chartRouteMix.text()))</h2>
            \(routeMixChart(steps))
            <h2>\(escape(Phrase.chartMonths.text()))</h2>
            \(monthChart(report.vacanciesPerMonth))
            <h2>\(escape(Phrase.reportSummaryHeading.text()))</h2>
            \(table)
            <p class="note">\(escape(Phrase.reportTightenedFlexible.text()))</p>
            <p class="note">\(escape(Phrase.reportLBFShort.text(lbf)))</p>
            </main></body></html>
            """
    }
}
