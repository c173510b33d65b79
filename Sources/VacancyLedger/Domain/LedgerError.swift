/// Every way a ledger command can fail. The CLI maps each kind to one exit code.
public enum LedgerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Refused by a rule of the agreement (S1, or a void that would break I1): exit 3.
    case refused(String)
    /// Bad input data or a state conflict (unknown department, bad date, R7 …): exit 65.
    case badInput(String)
    /// The database is missing, uninitialised, foreign, or from a newer version: exit 65.
    case unsupportedDatabase(String)
    /// Anything else (I/O, locked past the busy timeout): exit 1.
    case failure(String)

    public var description: String {
        switch self {
        case .refused(let m), .badInput(let m), .unsupportedDatabase(let m), .failure(let m): m
        }
    }
}
