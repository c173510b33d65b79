import NIOConcurrencyHelpers
import NIOCore
import NIOHTTPTypes

/// What one connection may hold of the service (`serve --max-connections`,
/// `--request-timeout`, `--min-body-rate`), in the channel pipeline after HTTP decoding:
/// - past `maxConnections` open at once, a new connection is closed at once;
/// - a request's head must arrive within `requestTimeout` of the connection's start or of
///   the previous answer, so a connection that sends nothing, or dribbles its headers, is
///   closed;
/// - a body must bring at least `minBodyRate` bytes a second in every `requestTimeout`
///   window, so a dribbled body is cut while a long, honest upload goes on.
/// The answer's own pace is the answer's (`ChunkPipe` cuts a client that stops reading).
final class ConnectionLimits: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    struct Settings: Sendable {
        var maxConnections: Int
        var requestTimeout: TimeAmount
        var minBodyRate: Int
    }

    /// The connections open now, shared by every connection's handler.
    final class OpenConnections: Sendable {
        private let count = NIOLockedValueBox(0)
        func enter(limit: Int) -> Bool {
            count.withLockedValue { count in
                guard count < limit else { return false }
                count += 1
                return true
            }
        }
        func leave() { count.withLockedValue { $0 -= 1 } }
        var value: Int { count.withLockedValue { $0 } }
    }

    private let settings: Settings
    private let open: OpenConnections
    private var counted = false
    private var timer: Scheduled<Void>?
    private var bodyBytes = 0
    private var readingBody = false

    init(settings: Settings, open: OpenConnections) {
        self.settings = settings
        self.open = open
    }

    func handlerAdded(context: ChannelHandlerContext) {
        guard open.enter(limit: settings.maxConnections) else {
            context.close(promise: nil)
            return
        }
        counted = true
        awaitHead(context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        if counted {
            counted = false
            open.leave()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        handlerRemoved(context: context)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            readingBody = true
            bodyBytes = 0
            watchBody(context)
        case let .body(buffer):
            bodyBytes += buffer.readableBytes
        case .end:
            readingBody = false
            timer?.cancel()
            timer = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), !readingBody { awaitHead(context) }
        context.write(data, promise: promise)
    }

    /// The next request's head must come within the timeout.
    private func awaitHead(_ context: ChannelHandlerContext) {
        timer?.cancel()
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: settings.requestTimeout) {
            context.close(promise: nil)
        }
    }

    /// Checks the body's rate once per window while it comes.
    private func watchBody(_ context: ChannelHandlerContext) {
        timer?.cancel()
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: settings.requestTimeout) { [self] in
            guard readingBody else { return }
            let seconds = Int(settings.requestTimeout.nanoseconds / 1_000_000_000)
            if bodyBytes < settings.minBodyRate * max(1, seconds) {
                context.close(promise: nil)
            } else {
                bodyBytes = 0
                watchBody(context)
            }
        }
    }
}
