import Crypto
import Foundation

/// The signature a year-end export carries as its last line (`export --key`): an Ed25519
/// signature, by the checkpoint key, of the SHA-256 of every byte before that line (the
/// header, every row and the total row with the head hash) and of the head it declares.
///
/// The line: `vacancy-ledger-export-signature/1 year=… head=… sha256=… key=… sig=…`;
/// `sig` signs everything before ` sig=`, `key` is the public key (base64). Kept in the
/// file, not beside it, so it travels with the file wherever the file goes, streamed from
/// the service as well as written locally.
public struct ExportSignature: Sendable, Equatable {
    public static let tag = "vacancy-ledger-export-signature/1"

    public var year: Int
    public var head: String
    /// The SHA-256 (hex) of the signed bytes.
    public var sha256: String
    public var publicKey: String
    public var signature: String

    var body: String { "\(ExportSignature.tag) year=\(year) head=\(head) sha256=\(sha256) key=\(publicKey)" }
    public var line: String { "\(body) sig=\(signature)" }

    /// Reads a signature line; `nil` if it is not one.
    public init?(line: String) {
        guard let values = Checkpoint.fields(of: line, tag: ExportSignature.tag) else { return nil }
        guard let year = values["year"].flatMap(Int.init), let head = values["head"], let sha256 = values["sha256"],
              let publicKey = values["key"], let signature = values["sig"] else { return nil }
        self.init(year: year, head: head, sha256: sha256, publicKey: publicKey, signature: signature)
    }

    init(year: Int, head: String, sha256: String, publicKey: String, signature: String) {
        self.year = year
        self.head = head
        self.sha256 = sha256
        self.publicKey = publicKey
        self.signature = signature
    }

    /// Signs the digest of an export's bytes with a checkpoint key (a key file's text).
    public static func sign(year: Int, head: String, sha256: String, keyFileText: String, keyFile: String) throws -> ExportSignature {
        let key = try CheckpointKey.privateKey(fromFileText: keyFileText, file: keyFile)
        var signed = ExportSignature(year: year, head: head, sha256: sha256,
                                     publicKey: key.publicKey.rawRepresentation.base64EncodedString(), signature: "")
        signed.signature = try key.signature(for: Data(signed.body.utf8)).base64EncodedString()
        return signed
    }

    /// Whether the signature is valid for the key the line carries (not whether that key
    /// is one to trust: the caller compares it with the key it holds).
    public var hasValidSignature: Bool {
        guard let keyData = Data(base64Encoded: publicKey), let signatureData = Data(base64Encoded: signature),
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyData) else { return false }
        return key.isValidSignature(signatureData, for: Data(body.utf8))
    }

    /// The SHA-256 of bytes that arrive in pieces: memory stays flat however large the file.
    public struct Digest {
        private var hasher = SHA256()
        public init() {}
        public mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }
        /// The digest in hex, as the signature line carries it.
        public func finalize() -> String { ByteWriter.hex(hasher.finalize()) }
    }
}
