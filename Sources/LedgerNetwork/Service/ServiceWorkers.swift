import CLedgerSystem
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import VacancyLedger

/// The service's threads, so that no token holder can stall the city (ARCHITECTURE.md,
/// "The service's threads"):
/// - one writer thread: writes run in arrival order and never queue behind a read;
/// - a bounded pool of reader threads, at a lower priority than the writer, of which heavy
///   reads (verify, export, vacancies, report) may take all but one, and one token at most
///   `heavyReadsPerToken`; a read over either limit is 429 with `Retry-After`;
/// - authentication on neither (`TokenDirectory` keeps the tokens in memory).
final class ServiceWorkers: Sendable {
    /// Reader threads: GRDB's pool opens at most 5 reader connections; one stays for
    /// whatever else reads (the token directory, a backup).
    static let readerThreads = 4
    static let heavyReadsPerToken = 2
    /// What a refused heavy read is told to wait, in seconds.
    static let retryAfterSeconds = 5
    /// The readers' nice value: on a 2-core machine, four busy readers left the writer a
    /// fifth of the CPU at equal priority.
    static let readerNice: Int32 = 10

    private let writer = NIOThreadPool(numberOfThreads: 1)
    private let readers = NIOThreadPool(numberOfThreads: readerThreads)
    private let heavy = NIOLockedValueBox(HeavyReads())

    private struct HeavyReads {
        var total = 0
        var byToken: [Int64: Int] = [:]
    }

    init() {
        writer.start()
        readers.start()
    }

    func shutdown() async throws {
        try await writer.shutdownGracefully()
        try await readers.shutdownGracefully()
    }

    /// Runs a write on the writer thread. `body` gets what is left of the busy timeout
    /// once the write's turn comes.
    func write<T: Sendable>(_ body: @escaping @Sendable (_ lockWait: Duration) throws -> T) async throws -> T {
        let queued = ContinuousClock.now
        return try await run(on: writer, nice: false, deadline: nil, interrupt: nil) {
            try body(Ledger.lockWait - (ContinuousClock.now - queued))
        }
    }

    /// Runs `body` on the writer thread and waits for it, from a thread that may block (an
    /// import's reader thread: each of its batches is one such turn, queued with the
    /// clerks' writes).
    func writeAndWait(_ body: () throws -> Void) throws {
        try withoutActuallyEscaping(body) { body in
            // The caller blocks until the writer has run it, so the closure and what it
            // captures outlive the turn; nothing else touches them meanwhile.
            let turn = UncheckedTurn(body)
            let language = Language.current
            let done = DispatchSemaphore(value: 0)
            let failure = NIOLockedValueBox<(any Error)?>(nil)
            writer.submit { state in
                defer {
                    // Let go of the closure before the caller goes on: it must not outlive
                    // the turn (`withoutActuallyEscaping` checks).
                    turn.body = nil
                    done.signal()
                }
                guard state == .active else { return failure.withLockedValue { $0 = CancellationError() } }
                do { try Language.$current.withValue(language) { try turn.body?() } } catch { failure.withLockedValue { $0 = error } }
            }
            done.wait()
            if let error = failure.withLockedValue({ $0 }) { throw error }
        }
    }

    /// Runs a read on a reader thread: after `deadline` seconds the caller gets 503 and the
    /// read is interrupted.
    func read<T: Sendable>(deadline: Int, interrupt: ReadInterrupt, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await run(on: readers, nice: true, deadline: deadline, interrupt: interrupt, body)
    }

    /// Starts a read on a reader thread and returns at once: a streamed answer, whose
    /// `ChunkPipe` carries the rest.
    func startRead(_ body: @escaping @Sendable () -> Void) {
        let language = Language.current
        readers.submit { state in
            Language.$current.withValue(language) {
                guard state == .active else { return body() }
                _ = cledger_lower_thread_priority(Self.readerNice)
                body()
            }
        }
    }

    /// A place among the heavy reads for `token`, or 429.
    func admitHeavyRead(token: Int64) throws -> HeavyReadPass {
        let admitted = heavy.withLockedValue { reads in
            guard reads.total < Self.readerThreads - 1, reads.byToken[token, default: 0] < Self.heavyReadsPerToken else { return false }
            reads.total += 1
            reads.byToken[token, default: 0] += 1
            return true
        }
        guard admitted else { throw RequestError.tooManyHeavyReads(retryAfterSeconds: Self.retryAfterSeconds) }
        return HeavyReadPass { [heavy] in
            heavy.withLockedValue { reads in
                reads.total -= 1
                reads.byToken[token, default: 1] -= 1
                if reads.byToken[token] == 0 { reads.byToken[token] = nil }
            }
        }
    }

    private func run<T: Sendable>(on pool: NIOThreadPool, nice: Bool, deadline: Int?, interrupt: ReadInterrupt?,
                                  _ body: @escaping @Sendable () throws -> T) async throws -> T {
        let answer = Rendezvous<T>()
        // A pool thread is not the request's task: the reader's language goes with the work.
        let language = Language.current
        pool.submit { state in
            guard state == .active else {
                answer.resolve(.failure(CancellationError()))
                return
            }
            if nice { _ = cledger_lower_thread_priority(Self.readerNice) }
            _ = answer.resolve(Result { try Language.$current.withValue(language) { try body() } })
        }
        let timer = deadline.map { seconds in
            NIOSingletons.posixEventLoopGroup.any().scheduleTask(in: .seconds(Int64(seconds))) {
                if answer.resolve(.failure(RequestError.timedOut(seconds: seconds))) { interrupt?.interrupt() }
            }
        }
        defer { timer?.cancel() }
        return try await answer.value()
    }
}

/// A heavy read's place, given back once (when its answer is done or abandoned).
final class HeavyReadPass: Sendable {
    private let release: NIOLockedValueBox<(@Sendable () -> Void)?>

    init(release: @escaping @Sendable () -> Void) { self.release = NIOLockedValueBox(release) }

    func done() {
        let release = self.release.withLockedValue { release in
            defer { release = nil }
            return release
        }
        release?()
    }

    deinit { done() }
}

/// A result set once, by the first of the sides that race to set it (the work, its
/// deadline), and awaited by the request.
final class Rendezvous<T: Sendable>: Sendable {
    private enum State {
        case empty
        case waiting(CheckedContinuation<T, any Error>)
        case set(Result<T, any Error>)
        case taken
    }

    private let state = NIOLockedValueBox(State.empty)

    /// Sets the result; false if it was set already.
    @discardableResult
    func resolve(_ result: Result<T, any Error>) -> Bool {
        let (first, continuation): (Bool, CheckedContinuation<T, any Error>?) = state.withLockedValue { state in
            switch state {
            case .empty:
                state = .set(result)
                return (true, nil)
            case let .waiting(continuation):
                state = .taken
                return (true, continuation)
            case .set, .taken:
                return (false, nil)
            }
        }
        continuation?.resume(with: result)
        return first
    }

    func value() async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<T, any Error>? = state.withLockedValue { state in
                switch state {
                case .empty:
                    state = .waiting(continuation)
                    return nil
                case let .set(result):
                    state = .taken
                    return result
                case .waiting, .taken:
                    return .failure(CancellationError())
                }
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}

/// A writer turn's closure, handed to the writer thread while its caller waits.
private final class UncheckedTurn: @unchecked Sendable {
    var body: (() throws -> Void)?
    init(_ body: @escaping () throws -> Void) { self.body = body }
}
