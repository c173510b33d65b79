import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import NIOCore
import LedgerCommandLine
import VacancyLedger

/// The auditor's page (`GET /`): live compliance per department and rolled up, the charts
/// of the year-end report, filters by organisation, step and status, and the pending-offer
/// queue. One self-contained HTML page: no scripts, no fonts, no requests beyond itself;
/// the filters are a plain GET form. Any signed-in role may read it. Signing in opens a
/// server-side session (`SessionStore`): the HttpOnly, SameSite=Strict cookie holds its
/// random id, never the token; a sign-in or sign-out posted from another site is refused.
struct AuditorPage: Sendable {
    let ledger: Ledger
    let tokens: TokenDirectory
    let sessions: SessionStore
    let workers: ServiceWorkers
    let answerTimeout: Int

    /// The page's filters, from its query: which departments, which year, the table's
    /// order and page, and the language (the switch's link; else `Accept-Language`).
    struct Filters: Sendable {
        var organisation: String?
        var status: String?
        var sort: String?
        var lang: String?
        // Numbers as the form sends them: a select left on "all" sends `step=`.
        private var stepText: String?
        private var yearText: String?
        private var pageText: String?

        init() {}

        /// The page's query, read leniently: the first of a repeated name, unknown names
        /// and malformed pairs ignored (a page for people; the API refuses them instead).
        init(query: String) {
            var values: [String: String] = [:]
            for pair in query.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard let name = String(parts[0]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding else { continue }
                let value = parts.count > 1 ? String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding : ""
                if values[name] == nil, let value { values[name] = value }
            }
            (organisation, status, sort, lang) = (values["organisation"], values["status"], values["sort"], values["lang"])
            (stepText, yearText, pageText) = (values["step"], values["year"], values["page"])
        }

        var step: Int? { stepText.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.flatMap { (1...4).contains($0) ? $0 : nil } }
        /// A status it knows; anything else is every status.
        var compliance: ComplianceStatus? { status.flatMap(ComplianceStatus.init(rawValue:)) }
        var year: Int? { yearText.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.flatMap { (2000...2099).contains($0) ? $0 : nil } }
        var page: Int? { pageText.flatMap { Int($0) } }
        var language: Language? { lang.flatMap(Language.init(tag:)) }
    }

    /// A settle form (`POST /page/settle`): the same operation as `settle`.
    struct SettleForm: Decodable, Sendable {
        var vacancy: Int64
        var outcome: String
        var date: String
        var csrf: String?
        var lang: String?
    }

    /// Rows of the department table per page.
    static let pageSize = 50
    /// The columns the table sorts by, each with how it orders rows.
    static let sortKeys = ["department", "share", "headroom", "vacancies", "realised", "pending", "status"]

    func register(on router: Router<ServiceContext>) {
        let ledger = ledger
        let tokens = tokens
        let sessions = sessions
        let workers = workers
        let answerTimeout = answerTimeout
        router.get("/") { request, context -> Response in
            let filters = Filters(query: request.uri.query ?? "")
            return try await Language.$current.withValue(filters.language ?? Language.current) {
                guard let principal = context.identity else { return Self.html(Self.loginPage(message: nil)) }
                let csrf = request.cookies[LedgerService.cookieName].flatMap { sessions.csrf(session: $0.value) }
                let interrupt = ReadInterrupt()
                let page = try await workers.read(deadline: answerTimeout, interrupt: interrupt) {
                    try Self.page(ledger: ledger.forRequest(interrupt: interrupt), principal: principal, filters: filters, csrf: csrf, notice: nil)
                }
                return Self.html(page)
            }
        }
        router.post("/page/settle") { request, context -> Response in
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            let form = try? URLEncodedFormDecoder().decode(SettleForm.self, from: String(buffer: body))
            return try await Language.$current.withValue(form?.lang.flatMap(Language.init(tag:)) ?? Language.current) {
                guard let principal = context.identity else { return Self.html(Self.loginPage(message: nil), status: .unauthorized) }
                let session = request.cookies[LedgerService.cookieName]?.value
                // Only this page's own form, from this page's session: nothing is written otherwise.
                guard Self.isSameOrigin(request), let form, sessions.checkCSRF(session: session, presented: form.csrf) else {
                    return Self.html(Self.message(Phrase.pageCSRF.text(), alert: true), status: .forbidden)
                }
                let csrf = sessions.csrf(session: session ?? "")
                var operation = SettleOperation(vacancy: form.vacancy, outcome: form.outcome, date: form.date, format: .json)
                operation.attribute(to: principal.name)
                let sent = operation
                let notice: (String, Bool)
                var status = HTTPResponse.Status.ok
                do {
                    _ = try await workers.write { lockWait in
                        try LedgerService.performWhole(sent, principal: principal, on: ledger.forRequest(lockWait: lockWait, token: principal.tokenID))
                    }
                    let outcome = Outcome(rawValue: form.outcome).map { Words.outcome($0) } ?? form.outcome
                    let date = CivilDate.typed(form.date).map { Local.date($0.date) } ?? form.date
                    notice = (Phrase.pageSettled.text(form.vacancy, outcome, date), false)
                } catch let error as LedgerError {
                    notice = (Self.refusal(error), true)
                    status = error.category == .forbidden ? .forbidden : .unprocessableContent
                }
                let interrupt = ReadInterrupt()
                let page = try await workers.read(deadline: answerTimeout, interrupt: interrupt) {
                    try Self.page(ledger: ledger.forRequest(interrupt: interrupt), principal: principal, filters: Filters(), csrf: csrf, notice: notice)
                }
                return Self.html(page, status: status)
            }
        }
        router.post("/login") { request, context -> Response in
            struct Form: Decodable { var token: String; var lang: String? }
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            let form = try? URLEncodedFormDecoder().decode(Form.self, from: String(buffer: body))
            return try Language.$current.withValue(form?.lang.flatMap(Language.init(tag:)) ?? Language.current) {
                guard Self.isSameOrigin(request) else {
                    return Self.html(Self.loginPage(message: Phrase.pageSignInElsewhere.text()), status: .forbidden)
                }
                guard let form else {
                    return Self.html(Self.loginPage(message: Phrase.pagePasteToken.text()), status: .unprocessableContent)
                }
                let principal: Principal
                do {
                    principal = try tokens.authenticate(secret: form.token)
                } catch let error as LedgerError {
                    return Self.html(Self.loginPage(message: Self.signInRefusal(error)), status: .unauthorized)
                }
                var response = Response(status: .seeOther, headers: [.location: "/?lang=\(Language.current.rawValue)"])
                response.headers[.setCookie] = sessions.cookie(sessions.open(for: principal))
                return response
            }
        }
        router.post("/logout") { request, _ -> Response in
            guard Self.isSameOrigin(request) else {
                return Self.html(Self.loginPage(message: Phrase.pageSignOutElsewhere.text()), status: .forbidden)
            }
            if let id = request.cookies[LedgerService.cookieName]?.value { sessions.close(id) }
            var response = Response(status: .seeOther, headers: [.location: "/"])
            response.headers[.setCookie] = sessions.cookie(nil)
            return response
        }
    }

    /// A refused answer in words for a person at the page: S1's arithmetic in a sentence,
    /// anything else as the catalogue's line.
    static func refusal(_ error: LedgerError) -> String {
        if case let .settlementRefused(_, outcome, department, settledOn, breaksOn, realised, vacancies, capEvery, holdsFrom) = error {
            return Phrase.pageS1.text(Words.outcome(outcome), Local.date(settledOn), realised, vacancies, department, Local.date(breaksOn), capEvery,
                                      holdsFrom.map { Phrase.pageS1Later.text(Local.date($0)) } ?? "")
        }
        return Phrase.pageSettleRefused.text(ErrorText.line(error))
    }

    /// A form posted from this service's own page: a browser names the page's origin in
    /// `Origin`; one from another site is refused (a client without `Origin`, such as curl,
    /// is not a browser that another site can drive).
    static func isSameOrigin(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin] else { return true }
        guard let host = request.head.authority, let url = URL(string: origin), let originHost = url.host else {
            return false
        }
        let hostPort = url.port.map { "\(originHost):\($0)" } ?? originHost
        return hostPort.lowercased() == host.lowercased()
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [
            .contentType: "text/html; charset=utf-8",
            // Nothing may load from elsewhere, and nothing runs.
            .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'",
        ], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static let style = """
        body { font-family: system-ui, "DejaVu Sans", sans-serif; margin: 24px; color: #222; max-width: 1100px; }
        h1 { font-size: 22px; } h2 { font-size: 16px; margin-top: 28px; }
        table { border-collapse: collapse; font-size: 12px; width: 100%; } td, th { border-bottom: 1px solid #ddd; padding: 3px 6px; text-align: right; }
        td.l, th.l { text-align: left; } .note { color: #555; font-size: 12px; }
        .ok { color: #1e8449; } .at-limit { color: #8a5300; font-weight: 600; } .breach { color: #c0392b; font-weight: 700; }
        form.filters { background: #f4f6f7; padding: 8px 12px; border-radius: 6px; font-size: 13px; }
        .tiles { display: flex; gap: 12px; } .tile { background: #f4f6f7; border-radius: 6px; padding: 8px 14px; }
        .tile b { font-size: 20px; display: block; }
        """

    /// A refused sign-in, for a person at the page (the command line's line names flags).
    static func signInRefusal(_ error: any Error) -> String {
        guard case let LedgerError.unauthenticated(problem)? = error as? LedgerError else { return Phrase.pageTokenRefused.text() }
        return switch problem {
        case .missing: Phrase.pagePasteToken.text()
        case .unknown: Phrase.pageTokenUnknown.text()
        case .revoked: Phrase.pageTokenRevoked.text()
        case .expired: Phrase.pageTokenExpired.text()
        }
    }

    /// The other language's switch, keeping the rest of the query.
    static func languageSwitch(_ query: [(String, String)]) -> String {
        let other: Language = Language.current == .da ? .en : .da
        let href = "/?" + (query.filter { $0.0 != "lang" } + [("lang", other.rawValue)]).map { "\($0.0)=\(formEncoded($0.1))" }.joined(separator: "&amp;")
        return "<a href=\"\(href)\" lang=\"\(other.rawValue)\" hreflang=\"\(other.rawValue)\">\(Phrase.pageLanguageSwitch.text())</a>"
    }

    static func formEncoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? value
    }

    static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(Language.current.rawValue)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLFormatter.escape(title))</title><style>\(style)</style></head><body>
        \(body)
        </body></html>
        """
    }

    static func message(_ text: String, alert: Bool) -> String {
        document(title: Phrase.pageAppName.text(), body: """
            <main><h1>\(HTMLFormatter.escape(Phrase.pageAppName.text()))</h1>
            <p\(alert ? " class=\"breach\" role=\"alert\"" : "")>\(HTMLFormatter.escape(text))</p>
            <p><a href="/?lang=\(Language.current.rawValue)">\(HTMLFormatter.escape(Phrase.pageHeading.text()))</a></p></main>
            """)
    }

    static func loginPage(message: String?) -> String {
        let e = HTMLFormatter.escape
        return document(title: Phrase.pageLoginTitle.text(), body: """
            <header><nav aria-label="\(e(Phrase.pageLanguageSwitch.text()))">\(languageSwitch([]))</nav></header>
            <main>
            <h1>\(e(Phrase.pageAppName.text()))</h1>
            <p>\(e(Phrase.pageSignInHelp.text()))</p>
            \(message.map { "<p class=\"breach\" role=\"alert\">\(e($0))</p>" } ?? "")
            <form method="post" action="/login"><input type="hidden" name="lang" value="\(Language.current.rawValue)">
            <label for="token">\(e(Phrase.pageToken.text()))</label> <input id="token" type="password" name="token" size="72" autocomplete="off">
            <button type="submit">\(e(Phrase.pageSignInButton.text()))</button></form>
            </main>
            """)
    }

    static func roleName(_ principal: Principal) -> String {
        switch principal.role {
        case .clerk: Phrase.pageClerkOf.text(principal.organisation ?? "")
        case .municipality: Phrase.roleMunicipality.text()
        case .auditor: Phrase.roleAuditor.text()
        case .admin: Phrase.roleAdmin.text()
        }
    }

    /// The table's rows in `sort`'s order: the worst first for a figure (highest share,
    /// least headroom), by id for the department.
    static func sorted(_ rows: [AuditRow], by sort: String?) -> [AuditRow] {
        let rank = { (row: AuditRow) in row.status == .breach ? 0 : row.status == .atLimit ? 1 : 2 }
        return rows.sorted { a, b in
            switch sort {
            case "share": (-a.share, a.key) < (-b.share, b.key)
            case "headroom": (a.headroom, a.key) < (b.headroom, b.key)
            case "vacancies": (-a.counters.vacancies, a.key) < (-b.counters.vacancies, b.key)
            case "realised": (-a.counters.realised, a.key) < (-b.counters.realised, b.key)
            case "pending": (-a.counters.pending, a.key) < (-b.counters.pending, b.key)
            case "status": (rank(a), -a.share, a.key) < (rank(b), -b.share, b.key)
            default: (a.key, a.period.id) < (b.key, b.period.id)
            }
        }
    }

    static func page(ledger: Ledger, principal: Principal, filters: Filters, csrf: String?, notice: (String, Bool)?) throws -> String {
        let today = copenhagenToday()
        // The current year unless the reader picks another: what is happening now.
        let year = filters.year ?? today.year
        let audit = try ledger.audit(AuditRequest())
        let filtered = filters.organisation?.isEmpty == false || filters.step != nil || filters.compliance != nil
        let rows = audit.departmentRows.filter { row in
            (filters.organisation.map { $0.isEmpty || row.organisation == $0 } ?? true)
                && (filters.step.map { row.step == $0 } ?? true)
                && (filters.compliance.map { row.status == $0 } ?? true)
        }
        let organisations = Set(audit.departmentRows.compactMap(\.organisation)).sorted()
        // Every chart of the chosen departments, not only the first.
        let chosen = filtered ? Set(rows.compactMap(\.department)) : nil
        let report = try? ledger.report(year: year, departments: chosen)
        let offers = try ledger.offers(pendingOnly: true, olderThan: nil, asOf: today)
        let e = HTMLFormatter.escape
        var query: [(String, String)] = []
        if let o = filters.organisation, !o.isEmpty { query.append(("organisation", o)) }
        if let step = filters.step { query.append(("step", String(step))) }
        if let status = filters.compliance { query.append(("status", status.rawValue)) }
        query.append(("year", String(year)))
        if let sort = filters.sort, sortKeys.contains(sort) { query.append(("sort", sort)) }
        query.append(("lang", Language.current.rawValue))
        func link(_ changes: [(String, String)]) -> String {
            let names = Set(changes.map(\.0))
            return "/?" + (query.filter { !names.contains($0.0) } + changes).map { "\($0.0)=\(formEncoded($0.1))" }.joined(separator: "&amp;")
        }

        func option(_ value: String, _ label: String, selected: Bool) -> String {
            "<option value=\"\(e(value))\"\(selected ? " selected" : "")>\(e(label))</option>"
        }
        let all = Phrase.pageAll.text()
        var form = "<form class=\"filters\" method=\"get\" action=\"/\" aria-label=\"\(e(Phrase.pageFilters.text()))\">"
        form += "<input type=\"hidden\" name=\"lang\" value=\"\(Language.current.rawValue)\">"
        form += "<label for=\"f-org\">\(e(Phrase.pageOrganisation.text()))</label> <select id=\"f-org\" name=\"organisation\">" + option("", all, selected: filters.organisation == nil)
        for org in organisations { form += option(org, org, selected: filters.organisation == org) }
        form += "</select> <label for=\"f-step\">\(e(Phrase.pageStep.text()))</label> <select id=\"f-step\" name=\"step\">" + option("", all, selected: filters.step == nil)
        for step in 1...4 { form += option(String(step), String(step), selected: filters.step == step) }
        form += "</select> <label for=\"f-status\">\(e(Phrase.pageStatus.text()))</label> <select id=\"f-status\" name=\"status\">" + option("", all, selected: filters.compliance == nil)
        for status in [ComplianceStatus.ok, .atLimit, .breach] { form += option(status.rawValue, Words.status(status), selected: filters.compliance == status) }
        form += "</select> <label for=\"f-year\">\(e(Phrase.pageYear.text()))</label> <input id=\"f-year\" name=\"year\" size=\"5\" value=\"\(year)\" inputmode=\"numeric\"> "
        form += "<button type=\"submit\">\(e(Phrase.pageApply.text()))</button></form>"

        let vacancies = rows.reduce(0) { $0 + $1.counters.vacancies }
        let realised = rows.reduce(0) { $0 + $1.counters.realised }
        let pending = rows.reduce(0) { $0 + $1.counters.pending }
        let breaches = rows.filter { $0.status == .breach }.count
        let atLimit = rows.filter { $0.status == .atLimit }.count
        let tiles = """
            <div class="tiles"><div class="tile"><b>\(Local.count(rows.count))</b>\(e(Phrase.tileDepartmentPeriods.text()))</div><div class="tile"><b>\(Local.count(vacancies))</b>\(e(Phrase.tileVacancies.text()))</div>
            <div class="tile"><b>\(percentText(vacancies == 0 ? 0 : Double(realised) / Double(vacancies)))</b>\(e(Phrase.tileRealised.text()))</div>
            <div class="tile"><b>\(Local.count(pending))</b>\(e(Phrase.tilePending.text()))</div><div class="tile"><b class="at-limit">\(atLimit)</b>\(e(Phrase.tileAtLimit.text()))</div>
            <div class="tile"><b class="breach">\(breaches)</b>\(e(Phrase.tileBreach.text()))</div></div>
            """

        // Sorted and paged here, not in the browser: a city is hundreds of rows.
        let ordered = sorted(rows, by: filters.sort)
        let pages = max(1, (ordered.count + pageSize - 1) / pageSize)
        let pageNumber = min(max(1, filters.page ?? 1), pages)
        let shown = ordered.dropFirst((pageNumber - 1) * pageSize).prefix(pageSize)
        func heading(_ phrase: Phrase, sort key: String?, left: Bool = false) -> String {
            let text = e(phrase.text())
            let cls = left ? " class=\"l\"" : ""
            guard let key else { return "<th scope=\"col\"\(cls)>\(text)</th>" }
            let current = (filters.sort ?? "department") == key
            return "<th scope=\"col\"\(cls)\(current ? " aria-sort=\"\(key == "department" ? "ascending" : "descending")\"" : "")><a href=\"\(link([("sort", key), ("page", "1")]))\">\(text)</a></th>"
        }
        var table = "<table><caption class=\"note\">\(e(Phrase.pageRows.text(shown.isEmpty ? 0 : (pageNumber - 1) * pageSize + 1, (pageNumber - 1) * pageSize + shown.count, ordered.count)))</caption><tr>"
        table += heading(.colDepartment, sort: "department", left: true) + heading(.colName, sort: nil, left: true) + heading(.colPeriod, sort: nil, left: true)
        table += heading(.colStaircase, sort: nil, left: true) + heading(.colStep, sort: nil) + heading(.colVacanciesWord, sort: "vacancies") + heading(.colOffers, sort: nil)
        table += heading(.colPending, sort: "pending") + heading(.colRealised, sort: "realised") + heading(.colReturned, sort: nil) + heading(.colWithheld, sort: nil)
        table += heading(.colShare, sort: "share") + heading(.colHeadroom, sort: "headroom") + heading(.colStatus, sort: "status", left: true) + "</tr>"
        for r in shown {
            table += "<tr><td class=\"l\">\(e(r.key))</td><td class=\"l\">\(e(r.name ?? ""))</td><td class=\"l\">\(Local.period(r.period.label))</td><td class=\"l\">\(r.staircase.map(Words.staircase) ?? "")</td><td>\(r.step.map(String.init) ?? "")</td><td>\(Local.count(r.counters.vacancies))</td><td>\(Local.count(r.counters.offered))</td><td>\(Local.count(r.counters.pending))</td><td>\(Local.count(r.counters.realised))</td><td>\(Local.count(r.counters.returned))</td><td>\(Local.count(r.counters.withheld))</td><td>\(percentText(r.share))</td><td>\(Local.count(r.headroom))</td><td class=\"l \(r.status.rawValue)\">\(e(Words.status(r.status)))</td></tr>"
        }
        table += "</table>"
        if pages > 1 {
            table += "<nav class=\"note\" aria-label=\"\(e(Phrase.pageRows.text(1, pages, pages)))\">"
            if pageNumber > 1 { table += "<a href=\"\(link([("page", String(pageNumber - 1))]))\">\(e(Phrase.pagePrevious.text()))</a> " }
            if pageNumber < pages { table += "<a href=\"\(link([("page", String(pageNumber + 1))]))\">\(e(Phrase.pageNextPage.text()))</a>" }
            table += "</nav>"
        }

        // The municipality answers from here; everyone else reads the queue.
        let answers = principal.role == .municipality && csrf != nil
        var queue = "<table><tr><th scope=\"col\">\(e(Phrase.colVacancy.text()))</th><th scope=\"col\" class=\"l\">\(e(Phrase.colDepartment.text()))</th><th scope=\"col\">\(e(Phrase.colNumber.text()))</th><th scope=\"col\" class=\"l\">\(e(Phrase.colUnit.text()))</th><th scope=\"col\" class=\"l\">\(e(Phrase.colDate.text()))</th><th scope=\"col\">\(e(Phrase.pageDaysWaiting.text()))</th>"
        if answers { queue += "<th scope=\"col\" class=\"l\">\(e(Phrase.pageSettle.text()))</th>" }
        queue += "</tr>"
        for o in offers.offers {
            queue += "<tr><td>\(o.vacancy)</td><td class=\"l\">\(e(o.department.rawValue))</td><td>\(o.number)</td><td class=\"l\">\(e(o.unit))</td><td class=\"l\">\(Local.date(o.date))</td><td>\(o.daysWaiting)</td>"
            if answers, let csrf {
                let id = "s\(o.vacancy)"
                queue += """
                    <td class="l"><form method="post" action="/page/settle" aria-label="\(e(Phrase.pageQueueFor.text(o.vacancy)))">\
                    <input type="hidden" name="vacancy" value="\(o.vacancy)"><input type="hidden" name="csrf" value="\(e(csrf))">\
                    <input type="hidden" name="lang" value="\(Language.current.rawValue)">\
                    <label for="\(id)-o">\(e(Phrase.pageSettle.text()))</label> <select id="\(id)-o" name="outcome">\
                    \(Outcome.allCases.map { option($0.rawValue, Words.outcome($0), selected: false) }.joined())</select> \
                    <label for="\(id)-d">\(e(Phrase.pageDate.text()))</label> <input id="\(id)-d" name="date" size="10" value="\(Local.date(today))"> \
                    <button type="submit">\(e(Phrase.pageSettleButton.text()))</button></form></td>
                    """
            }
            queue += "</tr>"
        }
        queue += "</table>"

        let whose = filtered ? Phrase.pageChosenDepartments.text() : Phrase.pageWholeCity.text()
        let charts: String
        if let report {
            charts = """
                <h3>\(e(Phrase.pageShareChart.text(year)))</h3>
                \(HTMLFormatter.shareChart(report.audit.departmentRows))
                <h3>\(e(Phrase.pageRouteMix.text(year, whose)))</h3>
                \(HTMLFormatter.routeMixChart(report.groups.filter { $0.grouping == .step }))
                <h3>\(e(Phrase.pageMonths.text(year, whose)))</h3>
                \(HTMLFormatter.monthChart(report.vacanciesPerMonth))
                """
        } else {
            charts = "<p class=\"note\">\(e(Phrase.pageNoCharts.text(year)))</p>"
        }
        let banner = notice.map { "<p class=\"\($0.1 ? "breach" : "ok")\" role=\"\($0.1 ? "alert" : "status")\">\(e($0.0))</p>" } ?? ""
        return document(title: Phrase.pageComplianceTitle.text(), body: """
            <header><nav aria-label="\(e(Phrase.pageLanguageSwitch.text()))">\(languageSwitch(query))</nav>
            <form method="post" action="/logout" style="float:right"><span class="note">\(e(Phrase.pageSignedInAs.text(principal.name, roleName(principal))))</span> <button type="submit">\(e(Phrase.pageSignOut.text()))</button></form>
            <h1>\(e(Phrase.pageHeading.text()))</h1></header>
            <main>
            \(banner)
            <p class="note">\(e(Phrase.pageIntro.text(Local.date(today))))</p>
            \(form)
            <h2>\(e(Phrase.pagePeriodFigures.text(audit.departmentRows.first.map { Local.period($0.period.label) } ?? "")))</h2>
            \(tiles)
            <h2>\(e(Phrase.pagePerDepartment.text()))</h2>
            \(table)
            <h2>\(e(Phrase.pagePendingOffers.text())) (\(offers.offers.count))</h2>
            \(offers.offers.isEmpty ? "<p class=\"note\">\(e(Phrase.pageNoPendingOffers.text()))</p>" : queue)
            <h2>\(e(Phrase.pageYearFigures.text(year)))</h2>
            <p class="note">\(e(Phrase.pageChartsNote.text(year)))</p>
            \(charts)
            </main>
            """)
    }
}
