import Foundation
import GRDB
import Synchronization

/// Read-only tasks spread over several connections to the same file, all seeing the
/// snapshot of the caller's read transaction: how `verify` uses every core (one
/// connection walks one stretch of the chain while another recounts).
///
/// A worker connection opens its own read transaction and takes tasks only if it sees the
/// same snapshot as the caller: the same journal head and schema version. Every write of
/// the ledger appends to the journal in its transaction, so an equal head means an equal
/// ledger. Tasks no worker took (a write landed in between, an in-memory database, one
/// core) run on the caller's connection afterwards, so the result never depends on them.
enum ParallelReads {
    static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// The tasks' results in task order, and how many of them ran on worker connections.
    static func run<T: Sendable>(_ db: Database, path: String, _ tasks: [@Sendable (Database) throws -> T]) throws
        -> (results: [T], onWorkers: Int)
    {
        let token = try snapshot(db)
        let workers = canOpenAgain(path) ? min(cores, tasks.count) : 0
        let next = Atomic<Int>(0)
        let results = Mutex<[Int: Result<T, any Error>]>([:])
        if workers > 1 {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                guard let queue = try? DatabaseQueue(path: path, configuration: LedgerDatabase.configuration(readOnly: true)) else { return }
                try? queue.read { worker in
                    guard try snapshot(worker) == token else { return }
                    while case let index = next.add(1, ordering: .relaxed).oldValue, index < tasks.count {
                        let result = Result { try tasks[index](worker) }
                        results.withLock { $0[index] = result }
                    }
                }
            }
        }
        var done = results.withLock { $0 }
        let onWorkers = done.count
        for index in tasks.indices where done[index] == nil {
            done[index] = Result { try tasks[index](db) }
        }
        return (try tasks.indices.map { try done[$0]!.get() }, onWorkers)
    }

    /// What must be equal for two read transactions to see the same ledger.
    private static func snapshot(_ db: Database) throws -> String {
        let head = try Journal.head(db)
        let schema = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
        return "\(head.seq) \(head.hash) \(schema)"
    }

    /// Whether `path` names a file a second connection can open (not an in-memory database).
    private static func canOpenAgain(_ path: String) -> Bool {
        !path.isEmpty && path != ":memory:" && !path.hasPrefix("file::memory:") && !path.contains("mode=memory")
    }
}
