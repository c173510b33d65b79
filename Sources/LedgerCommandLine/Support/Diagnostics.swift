import ArgumentParser
import Foundation
import Logging
import VacancyLedger

/// The one stderr diagnostics path and the one mapping from errors to exit codes.
package enum Diagnostics {
    /// Exit codes of the CLI contract (shared/spec/CLI.md).
    package enum Code: Int32 {
        case success = 0, failure = 1, refused = 3, checkFailed = 4, usage = 64, badInput = 65, noPermission = 77
    }

    static func exitCode(for error: LedgerError) -> Code {
        switch error.category {
        case .refused: .refused
        case .badInput, .unsupportedDatabase: .badInput
        case .failure: .failure
        case .forbidden, .unauthenticated: .noPermission
        }
    }

    package static func exit(for error: any Error) -> Never {
        switch error {
        case let error as LedgerError:
            fail(ErrorText.line(error), code: exitCode(for: error))
        case let error as any LineError:
            fail(error.line, code: error.exitCode)
        case let error as ExitCode:
            Foundation.exit(error.rawValue)
        default:
            let code = VacancyLedgerCommand.exitCode(for: error)
            if code == .success {
                // --help, --version: ArgumentParser prints them.
                VacancyLedgerCommand.exit(withError: error)
            }
            let message = VacancyLedgerCommand.message(for: error)
                .split(separator: "\n").first.map(String.init) ?? "invalid command line"
            let text = message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message
            fail(Phrase.seeHelp.text(text), code: error is CocoaError ? .failure : .usage)
        }
    }

    /// One line, always: control characters escaped, an overlong message cut in the middle.
    package static func fail(_ message: String, code: Code) -> Never {
        FileHandle.standardError.write(Data("error: \(TextRules.oneLine(message))\n".utf8))
        Foundation.exit(code.rawValue)
    }

    /// The level `VACANCY_LEDGER_LOG` asks for, if it names one.
    package static let requestedLogLevel = environmentValue("VACANCY_LEDGER_LOG").flatMap(Logger.Level.init(rawValue:))

    /// Log lines (swift-log, on stderr) appear only when `VACANCY_LEDGER_LOG` asks for them:
    /// what a person reads are messages, not log lines. `serve` keeps its request log at
    /// `info` (ServedNetwork).
    package static let logger: Logger = {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = requestedLogLevel ?? .warning
            return handler
        }
        return Logger(label: "vacancy-ledger")
    }()

    /// A message for people on stderr: one line, e.g. what was written where.
    package static func say(_ line: String) {
        FileHandle.standardError.write(Data((TextRules.oneLine(line) + "\n").utf8))
    }
}

/// An error that words its own line and picks its exit code (the service client's).
package protocol LineError: Error {
    var line: String { get }
    var exitCode: Diagnostics.Code { get }
}

/// Writes data to standard output.
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}
