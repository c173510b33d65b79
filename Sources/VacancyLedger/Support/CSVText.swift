import CSV
import Foundation

/// CSV text through CSV.swift's writer: RFC 4180 quoting, CRLF line ends, UTF-8.
public enum CSVText {
    public static func render(_ rows: [[String]], delimiter: UnicodeScalar = ",") -> String {
        do {
            let writer = try CSVWriter(stream: .toMemory(), delimiter: String(delimiter), newline: .crlf)
            for row in rows { try writer.write(row: row) }
            writer.stream.close()
            let data = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
            return String(decoding: data, as: UTF8.self) + (rows.isEmpty ? "" : "\r\n")
        } catch {
            // Writing to memory cannot fail.
            preconditionFailure("CSV to memory failed: \(error)")
        }
    }
}
