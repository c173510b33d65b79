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

    /// The page's filters, from its query.
    struct Filters: Decodable, Sendable {
        var organisation: String?
        var step: Int?
        var status: String?
        var year: Int?
    }

    func register(on router: Router<ServiceContext>) {
        let ledger = ledger
        let tokens = tokens
        let sessions = sessions
        let workers = workers
        let answerTimeout = answerTimeout
        router.get("/") { request, context -> Response in
            guard let principal = context.identity else { return Self.html(Self.loginPage(message: nil)) }
            let filters = try LedgerService.decode { try URLEncodedFormDecoder().decode(Filters.self, from: request.uri.query ?? "") }
            let interrupt = ReadInterrupt()
            let page = try await workers.read(deadline: answerTimeout, interrupt: interrupt) {
                try Self.page(ledger: ledger.forRequest(interrupt: interrupt), principal: principal, filters: filters)
            }
            return Self.html(page)
        }
        router.post("/login") { request, context -> Response in
            struct Form: Decodable { var token: String }
            guard Self.isSameOrigin(request) else {
                return Self.html(Self.loginPage(message: "Sign in from this page, not from another site."), status: .forbidden)
            }
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            guard let form = try? URLEncodedFormDecoder().decode(Form.self, from: String(buffer: body)) else {
                return Self.html(Self.loginPage(message: "Paste a token."), status: .unprocessableContent)
            }
            let principal: Principal
            do {
                principal = try tokens.authenticate(secret: form.token)
            } catch let error as LedgerError {
                return Self.html(Self.loginPage(message: Self.signInRefusal(error)), status: .unauthorized)
            }
            var response = Response(status: .seeOther, headers: [.location: "/"])
            response.headers[.setCookie] = sessions.cookie(sessions.open(for: principal))
            return response
        }
        router.post("/logout") { request, _ -> Response in
            guard Self.isSameOrigin(request) else {
                return Self.html(Self.loginPage(message: "Sign out from this page, not from another site."), status: .forbidden)
            }
            if let id = request.cookies[LedgerService.cookieName]?.value { sessions.close(id) }
            var response = Response(status: .seeOther, headers: [.location: "/"])
            response.headers[.setCookie] = sessions.cookie(nil)
            return response
        }
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
        guard case let LedgerError.unauthenticated(problem)? = error as? LedgerError else { return "The token was not accepted." }
        return switch problem {
        case .missing: "Paste the token you were issued, then sign in."
        case .unknown: "That token is not one this ledger issued. Check that you pasted all of it, from vl_ to the end."
        case .revoked: "That token has been revoked. Ask the ledger's administrator for a new one."
        case .expired: "That token has expired. Ask the ledger's administrator for a new one."
        }
    }

    static func loginPage(message: String?) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Vacancy ledger: sign in</title><style>\(style)</style></head><body><main>
        <h1>Vacancy ledger</h1>
        <p>Sign in with the token you were issued (<code>vacancy-ledger token issue</code>).</p>
        \(message.map { "<p class=\"breach\" role=\"alert\">\(HTMLFormatter.escape($0))</p>" } ?? "")
        <form method="post" action="/login"><label>Token <input type="password" name="token" size="72" autocomplete="off"></label>
        <button type="submit">Sign in</button></form>
        </main></body></html>
        """
    }

    static func page(ledger: Ledger, principal: Principal, filters: Filters) throws -> String {
        let today = copenhagenToday()
        // The current year unless the auditor picks another: what is happening now.
        let year = filters.year ?? today.year
        let audit = try ledger.audit(AuditRequest())
        let rows = audit.departmentRows.filter { row in
            (filters.organisation.map { $0.isEmpty || row.organisation == $0 } ?? true)
                && (filters.step.map { row.step == $0 } ?? true)
                && (filters.status.map { $0.isEmpty || row.status.rawValue == $0 } ?? true)
        }
        let organisations = Set(audit.departmentRows.compactMap(\.organisation)).sorted()
        let report = try? ledger.report(year: year)
        let offers = try ledger.offers(pendingOnly: true, olderThan: nil, asOf: today)
        let e = HTMLFormatter.escape

        func option(_ value: String, _ label: String, selected: Bool) -> String {
            "<option value=\"\(e(value))\"\(selected ? " selected" : "")>\(e(label))</option>"
        }
        var form = "<form class=\"filters\" method=\"get\" action=\"/\">"
        form += "<label>Organisation <select name=\"organisation\">" + option("", "all", selected: filters.organisation == nil)
        for org in organisations { form += option(org, org, selected: filters.organisation == org) }
        form += "</select></label> <label>Step <select name=\"step\">" + option("", "all", selected: filters.step == nil)
        for step in 1...4 { form += option(String(step), String(step), selected: filters.step == step) }
        form += "</select></label> <label>Status <select name=\"status\">" + option("", "all", selected: filters.status == nil)
        for status in ["ok", "at-limit", "breach"] { form += option(status, status, selected: filters.status == status) }
        form += "</select></label> <label>Year <input name=\"year\" size=\"5\" value=\"\(year)\"></label> <button type=\"submit\">Show</button></form>"

        let vacancies = rows.reduce(0) { $0 + $1.counters.vacancies }
        let realised = rows.reduce(0) { $0 + $1.counters.realised }
        let pending = rows.reduce(0) { $0 + $1.counters.pending }
        let breaches = rows.filter { $0.status == .breach }.count
        let atLimit = rows.filter { $0.status == .atLimit }.count
        let tiles = """
            <div class="tiles"><div class="tile"><b>\(rows.count)</b>department periods</div><div class="tile"><b>\(vacancies)</b>vacancies</div>
            <div class="tile"><b>\(percentText(vacancies == 0 ? 0 : Double(realised) / Double(vacancies)))</b>realised referral</div>
            <div class="tile"><b>\(pending)</b>offers pending</div><div class="tile"><b class="at-limit">\(atLimit)</b>at limit</div>
            <div class="tile"><b class="breach">\(breaches)</b>in breach</div></div>
            """

        var table = "<table><tr><th class=\"l\">department</th><th class=\"l\">name</th><th class=\"l\">period</th><th class=\"l\">staircase</th><th>step</th><th>vacancies</th><th>offered</th><th>pending</th><th>realised</th><th>returned</th><th>withheld</th><th>share</th><th>headroom</th><th class=\"l\">status</th></tr>"
        for r in rows {
            table += "<tr><td class=\"l\">\(e(r.key))</td><td class=\"l\">\(e(r.name ?? ""))</td><td class=\"l\">\(r.period.range.start)/\(r.period.range.end)</td><td class=\"l\">\(r.staircase?.rawValue ?? "")</td><td>\(r.step.map(String.init) ?? "")</td><td>\(r.counters.vacancies)</td><td>\(r.counters.offered)</td><td>\(r.counters.pending)</td><td>\(r.counters.realised)</td><td>\(r.counters.returned)</td><td>\(r.counters.withheld)</td><td>\(percentText(r.share))</td><td>\(r.headroom)</td><td class=\"l \(r.status.rawValue)\">\(r.status.rawValue)</td></tr>"
        }
        table += "</table>"

        var queue = "<table><tr><th>vacancy</th><th class=\"l\">department</th><th>no.</th><th class=\"l\">unit</th><th class=\"l\">date</th><th>days waiting</th></tr>"
        for o in offers.offers {
            queue += "<tr><td>\(o.vacancy)</td><td class=\"l\">\(e(o.department.rawValue))</td><td>\(o.number)</td><td class=\"l\">\(e(o.unit))</td><td class=\"l\">\(o.date)</td><td>\(o.daysWaiting)</td></tr>"
        }
        queue += "</table>"

        let charts: String
        if let report {
            let reportRows = report.audit.departmentRows.filter { row in rows.contains { $0.key == row.key } }
            charts = """
                <h2>Realised referral per department in \(year), against one in three</h2>
                \(HTMLFormatter.shareChart(reportRows))
                <h2>Route mix per step, \(year), whole city</h2>
                \(HTMLFormatter.routeMixChart(report.groups.filter { $0.grouping == .step }))
                <h2>Vacancies per month, \(year), whole city</h2>
                \(HTMLFormatter.monthChart(report.vacanciesPerMonth))
                """
        } else {
            charts = "<p class=\"note\">No year-end charts for \(year).</p>"
        }
        let who = principal.role == .clerk ? "clerk of \(principal.organisation ?? "")" : principal.role.rawValue
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Vacancy ledger: compliance</title><style>\(style)</style></head><body>
            <header><form method="post" action="/logout" style="float:right"><span class="note">\(e(principal.name)) (\(e(who)))</span> <button type="submit">Sign out</button></form>
            <h1>One in three: compliance now</h1></header>
            <main>
            <p class="note">Every department and agreement period, from the ledger's kept counters as of this page's load (\(today)).</p>
            \(form)
            <h2>The whole agreement period, so far</h2>
            \(tiles)
            <h2>Per department: the whole agreement period, so far</h2>
            \(table)
            <h2>Offers awaiting the municipality's answer (\(offers.offers.count)), oldest first</h2>
            \(offers.offers.isEmpty ? "<p class=\"note\">None.</p>" : queue)
            <h2>The year \(year)</h2>
            <p class="note">The charts below count vacancies dated in \(year) only; the table above counts the whole period.</p>
            \(charts)
            </main>
            </body></html>
            """
    }
}
