import Foundation
import VacancyLedger

/// One line on stderr that a long command rewrites while it works, only on a terminal, and
/// clears when done: a bar, the share done and a note in the reader's language.
struct ProgressLine {
    let name: String
    let shown = isatty(STDERR_FILENO) == 1

    /// `done` of `total` (0 total: the note alone).
    func show(_ done: Int, of total: Int, note: String) {
        guard shown else { return }
        var line = "\r\u{1B}[K\(name): "
        if total > 0 {
            let percent = min(100, done * 100 / total)
            let filled = percent / 5
            line += "[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: 20 - filled))] \(percent) % "
        }
        FileHandle.standardError.write(Data((line + note).utf8))
    }

    func clear() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
