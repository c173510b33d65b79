import Foundation

/// Text for standard output or a report file, gathered into 64 KB writes: streamed
/// listings (`vacancies`, `export`) write a row at a time without a system call per row.
/// Kept as UTF-8 bytes, so a row can be written straight into it (`putBytes`).
package final class BufferedOutput {
    private let write: (String) throws -> Void
    private var buffer: [UInt8] = []
    private static let chunk = 1 << 16

    /// To standard output by default.
    package init(_ write: @escaping (String) throws -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }) {
        self.write = write
        buffer.reserveCapacity(BufferedOutput.chunk + 4096)
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

    package func flush() throws {
        if !buffer.isEmpty { try write(String(decoding: buffer, as: UTF8.self)) }
        buffer.removeAll(keepingCapacity: true)
    }
}
