import Crypto
import Foundation
import GRDB

/// A checkpoint: the head of the hash chain at one moment, with the counts of entries by
/// kind, as one line of text, optionally signed with an Ed25519 key kept outside the
/// ledger. Whoever keeps a checkpoint can later prove that the ledger still extends it:
/// entry `seq` must still have the hash `head`. A history rewritten and rehashed from
/// anywhere before `seq` no longer does, the way a transparency log proves it is append-only.
///
/// The line: `vacancy-ledger-checkpoint/1 seq=… head=… entries=… vacancy=… settlement=…
/// correction=… department=… placement=… policy=… at=… [key=… sig=…]`; `sig` is the
/// Ed25519 signature (base64) of everything before ` sig=`, and `key` the public key (base64).
public struct Checkpoint: Sendable, Equatable {
    public static let tag = "vacancy-ledger-checkpoint/1"
    /// Entry kinds whose counts the line carries.
    static let countedKinds = ["vacancy", "settlement", "correction", "department", "placement", "policy"]

    public var seq: Int64
    public var head: String
    public var entries: Int64
    /// Entries of each kind up to `seq`.
    public var counts: [String: Int64]
    public var at: String
    public var publicKey: String?
    public var signature: String?

    /// The signed part of the line.
    var body: String {
        var fields = ["\(Checkpoint.tag)", "seq=\(seq)", "head=\(head)", "entries=\(entries)"]
        fields += Checkpoint.countedKinds.map { "\($0)=\(counts[$0] ?? 0)" }
        fields.append("at=\(at)")
        if let publicKey { fields.append("key=\(publicKey)") }
        return fields.joined(separator: " ")
    }

    public var line: String { signature.map { "\(body) sig=\($0)" } ?? body }

    /// Reads one checkpoint line; `nil` if the line is not one.
    public init?(line: String) {
        guard let values = Checkpoint.fields(of: line, tag: Checkpoint.tag) else { return nil }
        guard let seq = values["seq"].flatMap(Int64.init), let head = values["head"], head.count == 64,
              let entries = values["entries"].flatMap(Int64.init), let at = values["at"] else { return nil }
        var counts: [String: Int64] = [:]
        for kind in Checkpoint.countedKinds {
            guard let count = values[kind].flatMap(Int64.init) else { return nil }
            counts[kind] = count
        }
        self.init(seq: seq, head: head, entries: entries, counts: counts, at: at,
                  publicKey: values["key"], signature: values["sig"])
    }

    init(seq: Int64, head: String, entries: Int64, counts: [String: Int64], at: String,
         publicKey: String?, signature: String?) {
        self.seq = seq
        self.head = head
        self.entries = entries
        self.counts = counts
        self.at = at
        self.publicKey = publicKey
        self.signature = signature
    }

    /// The `name=value` fields of a signed line that starts with `tag` (a checkpoint's, an
    /// export signature's); `nil` if it does not, or a field has no `=`.
    static func fields(of line: String, tag: String) -> [String: String]? {
        let fields = line.trimmingWhitespace().split(separator: " ")
        guard fields.first == Substring(tag) else { return nil }
        var values: [String: String] = [:]
        for field in fields.dropFirst() {
            guard let eq = field.firstIndex(of: "=") else { return nil }
            values[String(field[..<eq])] = String(field[field.index(after: eq)...])
        }
        return values
    }

    /// Whether the signature is valid for the key the line carries.
    public var hasValidSignature: Bool {
        guard let publicKey, let signature, let keyData = Data(base64Encoded: publicKey),
              let signatureData = Data(base64Encoded: signature),
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyData) else { return false }
        return key.isValidSignature(signatureData, for: Data(body.utf8))
    }

    /// Every checkpoint line of a file's text (other lines are ignored; none is bad input).
    public static func all(in text: String, file: String) throws -> [Checkpoint] {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.trimmingWhitespace(newlines: false).isEmpty }
        var result: [Checkpoint] = []
        for (index, line) in lines.enumerated() {
            guard let checkpoint = Checkpoint(line: line) else {
                throw LedgerError.badFile(.checkpoint, path: file, line: index + 1, problem: .notACheckpoint, accepted: .fileWrittenBy("checkpoint"))
            }
            result.append(checkpoint)
        }
        guard !result.isEmpty else {
            throw LedgerError.badFile(.checkpoint, path: file, line: nil, problem: .empty, accepted: .fileWrittenBy("checkpoint"))
        }
        return result
    }
}

/// An Ed25519 key for signing checkpoints, kept in a file outside the ledger (readable by
/// its owner only): one line `ed25519-private:BASE64` (the 32 raw bytes). The public key
/// file, for whoever checks checkpoints, holds `ed25519-public:BASE64`.
public enum CheckpointKey {
    static let privatePrefix = "ed25519-private:"
    static let publicPrefix = "ed25519-public:"

    /// A new key pair: (private key file text, public key file text, public key base64).
    public static func generate() -> (privateFile: String, publicFile: String, publicKey: String) {
        let key = Curve25519.Signing.PrivateKey()
        let publicKey = key.publicKey.rawRepresentation.base64EncodedString()
        return ("\(privatePrefix)\(key.rawRepresentation.base64EncodedString())\n", "\(publicPrefix)\(publicKey)\n", publicKey)
    }

    static func privateKey(fromFileText text: String, file: String) throws -> Curve25519.Signing.PrivateKey {
        let trimmed = text.trimmingWhitespace()
        guard trimmed.hasPrefix(privatePrefix), let data = Data(base64Encoded: String(trimmed.dropFirst(privatePrefix.count))),
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: data) else {
            throw LedgerError.badFile(.key, path: file, line: nil, problem: .notAKey, accepted: .fileWrittenBy("checkpoint keygen"))
        }
        return key
    }

    /// The public key (base64) of a public or private key file's text.
    public static func publicKey(fromFileText text: String, file: String) throws -> String {
        let trimmed = text.trimmingWhitespace()
        if trimmed.hasPrefix(publicPrefix) {
            let base64 = String(trimmed.dropFirst(publicPrefix.count))
            guard let data = Data(base64Encoded: base64), (try? Curve25519.Signing.PublicKey(rawRepresentation: data)) != nil else {
                throw LedgerError.badFile(.publicKey, path: file, line: nil, problem: .notAKey, accepted: .fileWrittenBy("checkpoint keygen"))
            }
            return base64
        }
        guard let key = try? privateKey(fromFileText: text, file: file) else {
            throw LedgerError.badFile(.publicKey, path: file, line: nil, problem: .notAKey, accepted: .fileWrittenBy("checkpoint keygen"))
        }
        return key.publicKey.rawRepresentation.base64EncodedString()
    }
}

extension Ledger {
    /// `checkpoint`: the head of the chain and the counts, signed when a key is given
    /// (the text of a key file written by `checkpoint keygen`).
    public func checkpoint(keyFileText: String? = nil, keyFile: String = "") throws -> Checkpoint {
        let key = try keyFileText.map { try CheckpointKey.privateKey(fromFileText: $0, file: keyFile) }
        var checkpoint = try read { db -> Checkpoint in
            let head = try Journal.head(db)
            let counts = try Journal.counts(db, upTo: head.seq)
            return Checkpoint(seq: head.seq, head: head.hash, entries: head.seq,
                              counts: Dictionary(uniqueKeysWithValues: Checkpoint.countedKinds.map { ($0, counts[$0] ?? 0) }),
                              at: now(), publicKey: nil, signature: nil)
        }
        if let key {
            checkpoint.publicKey = key.publicKey.rawRepresentation.base64EncodedString()
            checkpoint.signature = try key.signature(for: Data(checkpoint.body.utf8)).base64EncodedString()
        }
        return checkpoint
    }

    /// What is wrong with the ledger against one checkpoint: a bad signature, an untrusted
    /// key, or a history that no longer leads to the checkpoint's head.
    static func checkpointFaults(_ db: Database, _ checkpoint: Checkpoint, trustedKey: String?) throws -> [Journal.Fault] {
        let name = "checkpoint at entry \(checkpoint.seq) (\(checkpoint.at))"
        var faults: [Journal.Fault] = []
        if checkpoint.signature != nil || checkpoint.publicKey != nil {
            if !checkpoint.hasValidSignature { faults.append(.init(seq: nil, text: "\(name): its signature is not valid; the checkpoint was altered")) }
        }
        if let trustedKey, checkpoint.publicKey != trustedKey {
            faults.append(.init(seq: nil, text: "\(name): not signed by the trusted key"))
        }
        guard let hash = try Journal.hash(db, seq: checkpoint.seq) else {
            let head = try Journal.head(db)
            faults.append(.init(seq: nil, text: "\(name): the ledger has only \(head.seq) entries; entries it covered were removed"))
            return faults
        }
        if hash != checkpoint.head {
            faults.append(.init(seq: nil, text: "\(name): entry \(checkpoint.seq) has hash \(hash.prefix(16))…, the checkpoint says \(checkpoint.head.prefix(16))…; the history up to it was rewritten"))
            return faults
        }
        let counts = try Journal.counts(db, upTo: checkpoint.seq)
        for kind in Checkpoint.countedKinds where counts[kind] ?? 0 != checkpoint.counts[kind] ?? 0 {
            faults.append(.init(seq: nil, text: "\(name): \(checkpoint.counts[kind] ?? 0) \(kind) entries recorded, \(counts[kind] ?? 0) in the ledger"))
        }
        return faults
    }

    /// `backup FILE`: a consistent copy made with SQLite's online backup API in one read
    /// snapshot, while clerks go on writing; written beside FILE and linked into place only
    /// when complete. FILE must not exist.
    public func backup(to path: String) throws -> (entries: Int64, head: String) {
        try OutputFile.checkWritable(path, field: .backup, ledger: self.path)
        if FileManager.default.fileExists(atPath: path) {
            throw LedgerError.outputRefused(.backup, path: path, reason: .exists)
        }
        let source = database
        var head: (seq: Int64, hash: String) = (0, Journal.genesisHash)
        let built = try Ledger.mapErrors {
            try LedgerDatabase.buildAtomically(at: path, migrate: false) { destination in
                try source.backup(to: destination)
                head = try destination.read(Journal.head)
            }
        }
        guard built else {
            throw LedgerError.outputRefused(.backup, path: path, reason: .appearedMeanwhile)
        }
        return (head.seq, head.hash)
    }
}
