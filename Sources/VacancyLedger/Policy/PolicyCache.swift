import Foundation

/// Parsed policies by content hash, shared by every connection of the process.
final class PolicyCache: @unchecked Sendable {
    // Guarded by `lock`.
    private var policies: [String: Policy] = [:]
    private let lock = NSLock()

    func policy(hash: String, json: String) throws -> Policy {
        if let cached = lock.withLock({ policies[hash] }) { return cached }
        let policy = try Policy.fromCanonicalJSON(json)
        lock.withLock { policies[hash] = policy }
        return policy
    }
}
