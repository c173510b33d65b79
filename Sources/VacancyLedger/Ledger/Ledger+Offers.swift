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
    /// The most days a count of days may name (a century): `--older-than`, `--pending-over`.
    public static let maxDays = 36_500

    /// The offers made, oldest first; with `pendingOnly` those awaiting an answer, and with
    /// `olderThan` only those waiting (or answered after) more than that many days.
    ///
    /// The pending queue starts from the kept counters: only departments with a pending
    /// offer are read, each through its own index, so the queue does not grow with history.
    public func offers(pendingOnly: Bool, olderThan: Int?, asOf: CivilDate) throws -> OffersReport {
        if let olderThan, !(0...Ledger.maxDays).contains(olderThan) {
            throw LedgerError.invalid(.olderThan, value: String(olderThan), accepted: .oneOf(["0 to \(Ledger.maxDays) days"]))
        }
        let rows: [OfferRow] = try read { db in
            var rows: [OfferRow] = []
            try Store.forEachOffer(db, pendingOnly: pendingOnly) { offer in
                var offer = offer
                offer.daysWaiting = (offer.settledOn ?? asOf).days(since: offer.date)
                if let olderThan, offer.daysWaiting <= olderThan { return }
                rows.append(offer)
            }
            return rows
        }
        return OffersReport(asOf: asOf, pendingOnly: pendingOnly, olderThan: olderThan, offers: rows)
    }
}
