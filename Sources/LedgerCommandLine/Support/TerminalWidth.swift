import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The width text tables are fitted to: `$COLUMNS`, else the terminal's, else 100 columns.
/// Through `--server` the client sends its own, so the text is the same as on the file.
package enum TerminalWidth {
    package static let fallback = 100

    package static func current() -> Int {
        if let text = environmentValue("COLUMNS"), let columns = Int(text), (1...10_000).contains(columns) { return columns }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return min(10_000, Int(size.ws_col)) }
        return fallback
    }

    /// Whether tables may be coloured: standard output is a terminal, `NO_COLOR` is unset or
    /// empty (no-color.org), and the terminal is not `dumb`.
    package static func colour() -> Bool {
        if let noColour = environmentValue("NO_COLOR"), !noColour.isEmpty { return false }
        if environmentValue("TERM") == "dumb" { return false }
        return isatty(STDOUT_FILENO) == 1
    }
}
