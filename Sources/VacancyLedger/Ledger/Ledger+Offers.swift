import GRDB

/// One offer to the municipality (kommunal anvisning), as the municipality's queue lists it.
public struct OfferRow: Sendable, Equatable {
    public var vacancy: Int64
    public var department: DepartmentID
    public var number: Int
    public var unit: String
    public var date: CivilDate
    /// `nil` while the offer awaits an answer.
    public var outcome: Outcome?
    public var settledOn: CivilDate?
    /// Days from the vacancy to its answer, or to `asOf` while it awaits one.
    public var daysWaiting: Int
}

/// `offers`: the municipality's queue.
public struct OffersReport: Sendable, Equatable {
    public var asOf: CivilDate
    public var pendingOnly: Bool
    public var olderThan: Int?
    public var offers: [OfferRow]
}

extension Ledger {
    /// The offers made, oldest first; with `pendingOnly` those awaiting an answer, and with
    /// `olderThan` only those waiting (or answered after) more than that many days.
    ///
    /// The pending queue starts from the kept counters: only departments with a pending
    /// offer are read, each through its own index, so the queue does not grow with history.
    public func offers(pendingOnly: Bool, olderThan: Int?, asOf: CivilDate) throws -> OffersReport {
        if let olderThan, olderThan < 0 {
            throw LedgerError.invalid(.olderThan, value: String(olderThan), accepted: .wholeNumber(atLeast: 0))
        }
        let departments = pendingOnly ? "AND v.department IN (SELECT department FROM counters WHERE pending > 0)" : ""
        let settled = pendingOnly ? "AND s.id IS NULL" : ""
        let sql = """
            SELECT v.id, v.department, v.number, v.unit, v.vacancy_date, s.outcome, s.settled_on
            FROM vacancy v
            LEFT JOIN settlement s ON s.vacancy_id = v.id
                AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.settlement_id = s.id)
            WHERE v.offered = 1 \(departments)
              AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.vacancy_id = v.id)
              \(settled)
            ORDER BY v.vacancy_date, v.id
            """
        let rows: [OfferRow] = try read { db in
            var rows: [OfferRow] = []
            let cursor = try Row.fetchCursor(db, sql: sql)
            while let row = try cursor.next() {
                guard let date = CivilDate(row[4] as String) else { continue }
                let settledOn = (row[6] as String?).flatMap(CivilDate.init)
                let offer = OfferRow(vacancy: row[0], department: DepartmentID(stored: row[1]), number: row[2], unit: row[3],
                                     date: date, outcome: (row[5] as String?).flatMap(Outcome.init(rawValue:)),
                                     settledOn: settledOn, daysWaiting: (settledOn ?? asOf).days(since: date))
                if let olderThan, offer.daysWaiting <= olderThan { continue }
                rows.append(offer)
            }
            return rows
        }
        return OffersReport(asOf: asOf, pendingOnly: pendingOnly, olderThan: olderThan, offers: rows)
    }
}

extension Ledger {
    /// The year of the latest vacancy (through the date index), for views that default to
    /// the year with data; `nil` for an empty ledger.
    public func latestVacancyYear() throws -> Int? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT max(vacancy_date) FROM vacancy").flatMap(CivilDate.init)?.year
        }
    }
}
