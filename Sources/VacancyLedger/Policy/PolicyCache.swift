import Foundation

/// Parsed policies, with their source text, by content hash: shared by every connection of
/// the process. A policy row never changes, and its hash names its content, so an entry
/// never goes stale.
final class PolicyCache: @unchecked Sendable {
    static let shared = PolicyCache()

    // Guarded by `lock`.
    private var policies: [String: (policy: Policy, sourceText: String)] = [:]
    private let lock = NSLock()

    /// The parsed policy of `hash`; `load` reads its canonical JSON and source text on a miss.
    func policy(hash: String, load: () throws -> (json: String, sourceText: String)) throws -> (policy: Policy, sourceText: String) {
        if let cached = lock.withLock({ policies[hash] }) { return cached }
        let (json, sourceText) = try load()
        let entry = (try Policy.fromCanonicalJSON(json), sourceText)
        lock.withLock { policies[hash] = entry }
        return entry
    }
}
