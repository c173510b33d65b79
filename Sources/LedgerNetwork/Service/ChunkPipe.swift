import Foundation
import NIOConcurrencyHelpers
import NIOCore
import VacancyLedger

/// A streamed answer: chunks a reader thread writes, as an async sequence the response
/// body sends, at most a few chunks ahead of the client. A slow client makes the reader
/// thread wait, so the server holds a few chunks per answer, never the answer.
///
/// The first chunk (or the error before it) is handed over on its own, so the status and
/// headers are chosen only once the answer has begun: an unknown department is still a
/// 422, not a cut 200. The client gone (its iterator dropped) or a client that takes no
/// chunk for `stallSeconds` interrupts the read.
final class ChunkPipe: Sendable {
    typealias Chunks = NIOThrowingAsyncSequenceProducer<
        ByteBuffer, any Error, NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark, Demand>

    /// The producer's side of NIO's back-pressure: `produceMore` opens the gate that a full
    /// buffer closed; `didTerminate` (the consumer gone) opens it for good.
    final class Demand: NIOAsyncSequenceProducerDelegate, @unchecked Sendable {
        // NSCondition guards both flags.
        private let condition = NSCondition()
        private var resumed = false
        private var terminated = false
        let interrupt: ReadInterrupt

        init(interrupt: ReadInterrupt) { self.interrupt = interrupt }

        func produceMore() {
            condition.lock()
            resumed = true
            condition.signal()
            condition.unlock()
        }

        func didTerminate() {
            condition.lock()
            terminated = true
            condition.broadcast()
            condition.unlock()
            interrupt.interrupt()
        }

        /// Waits until the consumer wants more: false if it has gone, or took nothing for
        /// `seconds`.
        func wait(seconds: Int) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            let deadline = Date(timeIntervalSinceNow: TimeInterval(seconds))
            while !resumed && !terminated {
                if !condition.wait(until: deadline) { return false }
            }
            resumed = false
            return !terminated
        }
    }

    private let source: Chunks.Source
    private let demand: Demand
    private let first = Rendezvous<ByteBuffer>()
    private let started = NIOLockedValueBox(false)
    private let stallSeconds: Int

    private init(source: Chunks.Source, demand: Demand, stallSeconds: Int) {
        self.source = source
        self.demand = demand
        self.stallSeconds = stallSeconds
    }

    /// The pipe for the reader thread, and the chunks after the first for the response.
    /// The pipe does not hold the chunks: when the response drops them unread (its client
    /// gone before the body began), NIO ends the sequence and the read is interrupted.
    static func open(interrupt: ReadInterrupt, stallSeconds: Int) -> (pipe: ChunkPipe, chunks: Chunks) {
        let demand = Demand(interrupt: interrupt)
        // Two 64 KiB chunks ahead at most (BufferedOutput's chunk), one at least.
        let made = Chunks.makeSequence(backPressureStrategy: .init(lowWatermark: 1, highWatermark: 2), finishOnDeinit: true,
                                       delegate: demand)
        return (ChunkPipe(source: made.source, demand: demand, stallSeconds: stallSeconds), made.sequence)
    }

    /// The answer's first chunk, or the error raised before it.
    func firstChunk() async throws -> ByteBuffer { try await first.value() }

    /// Called by the reader thread with each chunk.
    func send(_ bytes: UnsafeRawBufferPointer) throws {
        let buffer = ByteBuffer(bytes: bytes)
        let isFirst = started.withLockedValue { started in
            defer { started = true }
            return !started
        }
        if isFirst {
            // Unless the answer's time ran out first (`timeOut`).
            guard first.resolve(.success(buffer)) else { throw gone() }
            return
        }
        switch source.yield(buffer) {
        case .produceMore:
            return
        case .stopProducing:
            guard demand.wait(seconds: stallSeconds) else { throw gone() }
        case .dropped:
            throw gone()
        }
    }

    /// The answer is complete (an empty one still has its first, empty chunk).
    func finish() {
        if !started.withLockedValue({ $0 }) { try? send(UnsafeRawBufferPointer(start: nil, count: 0)) }
        source.finish()
    }

    /// The read failed: before the first chunk the request answers the error; after it the
    /// body ends short and the connection is closed.
    func fail(_ error: any Error) {
        if !first.resolve(.failure(error)) { source.finish(error) }
    }

    /// The first chunk did not come within `seconds`: the request answers 503 and the
    /// read is interrupted. Once the answer has begun, this does nothing.
    func timeOut(seconds: Int) {
        if first.resolve(.failure(RequestError.timedOut(seconds: seconds))) { demand.interrupt.interrupt() }
    }

    private func gone() -> any Error {
        demand.interrupt.interrupt()
        return LedgerError.interrupted
    }
}
