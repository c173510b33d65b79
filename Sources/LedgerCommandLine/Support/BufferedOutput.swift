import Foundation

/// Text for standard output or a report file, gathered into 64 KB writes: streamed
/// listings (`vacancies`, `export`) write a row at a time without a system call per row.
/// Kept as UTF-8 bytes and handed on as bytes, so a row can be written straight into it
/// (`putBytes`) and no chunk is decoded back into a `String` on its way out.
package final class BufferedOutput {
    private let write: (UnsafeRawBufferPointer) throws -> Void
    private var buffer: [UInt8] = []
    private static let chunk = 1 << 16

    /// Chunks of bytes to `write`; to standard output by default.
    package init(bytes write: @escaping (UnsafeRawBufferPointer) throws -> Void = { FileHandle.standardOutput.write(Data($0)) }) {
        self.write = write
        buffer.reserveCapacity(BufferedOutput.chunk + 4096)
    }

    /// Chunks as text, for a caller that keeps the output (the service's answer).
    package convenience init(text write: @escaping (String) throws -> Void) {
        self.init(bytes: { try write(String(decoding: $0, as: UTF8.self)) })
    }

    package func put(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= BufferedOutput.chunk { try flush() }
    }

    /// Appends bytes in place: a streamed row without a `String` made for it.
    package func putBytes(_ append: (inout [UInt8]) -> Void) throws {
        append(&buffer)
        if buffer.count >= BufferedOutput.chunk { try flush() }
    }

    /// Lines for standard error beside the output (a strict audit's failing rows): the CLI
    /// prints them after the output, the service carries them in a header.
    package private(set) var notes: [String] = []
    package func note(_ line: String) { notes.append(line) }

    /// Sees every chunk before it is written (a signed export's digest).
    package var observe: ((UnsafeRawBufferPointer) -> Void)?

    package func flush() throws {
        if !buffer.isEmpty {
            try buffer.withUnsafeBytes { chunk in
                observe?(chunk)
                try write(chunk)
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
