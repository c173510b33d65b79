import Foundation

/// Text for standard output or a report file, gathered into 64 KB writes: streamed
/// listings (`vacancies`, `export`) write a row at a time without a system call per row.
package final class BufferedOutput {
    private let write: (String) throws -> Void
    private var buffer = ""

    /// To standard output by default.
    package init(_ write: @escaping (String) throws -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }) {
        self.write = write
    }

    package func put(_ text: String) throws {
        buffer += text
        if buffer.utf8.count >= 1 << 16 { try flush() }
    }

    package func flush() throws {
        if !buffer.isEmpty { try write(buffer) }
        buffer = ""
    }
}
