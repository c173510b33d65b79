import Metrics
import Prometheus
import VacancyLedger

/// The service's figures for `GET /metrics` (auditor or admin token), in Prometheus' text
/// format: swift-metrics' counters, timers and gauges over swift-prometheus.
///
/// The metrics are made through this service's own factory rather than the process-wide
/// `MetricsSystem`, which can be bootstrapped once per process: a test runs several services
/// in one process, and each answers with its own figures.
///
/// - `vacancy_ledger_requests_total{route, method, status}`: requests answered;
/// - `vacancy_ledger_request_duration_seconds{route}`: a histogram of their times, to the
///   answer's head (a streamed body goes on after it);
/// - `vacancy_ledger_writer_queue_seconds` and `vacancy_ledger_write_lock_wait_seconds`:
///   how long a write waited for the writer thread, then for SQLite's write lock;
/// - `vacancy_ledger_sessions`: the page's sessions in force;
/// - `vacancy_ledger_journal_head_seq`: the sequence number of the journal's head.
///
/// `route` is a path the service serves, or `other`: what a client sends never becomes a
/// label, so the number of series stays bounded.
final class ServiceMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        // From a cached read to the documented 30 s lock wait and 120 s answer timeout.
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30),
            .seconds(120),
        ]
        self.factory = factory
    }

    /// The route label of a request path.
    static func route(_ path: String) -> String {
        LedgerService.methods[path] == nil ? "other" : path
    }

    func answered(path: String, method: String, status: Int, after elapsed: Duration) {
        let route = Self.route(path)
        Counter(label: "vacancy_ledger_requests_total", dimensions: [("route", route), ("method", method), ("status", String(status))],
                factory: factory).increment()
        Timer(label: "vacancy_ledger_request_duration_seconds", dimensions: [("route", route)], factory: factory)
            .recordNanoseconds(Self.nanoseconds(elapsed))
    }

    func writeQueued(_ wait: Duration) {
        Timer(label: "vacancy_ledger_writer_queue_seconds", factory: factory).recordNanoseconds(Self.nanoseconds(wait))
    }

    func writeLockWaited(_ wait: Duration) {
        Timer(label: "vacancy_ledger_write_lock_wait_seconds", factory: factory).recordNanoseconds(Self.nanoseconds(wait))
    }

    /// The text `/metrics` answers, with the gauges read now.
    func exposition(sessions: Int, journalHead: Int64) -> String {
        Gauge(label: "vacancy_ledger_sessions", factory: factory).record(sessions)
        Gauge(label: "vacancy_ledger_journal_head_seq", factory: factory).record(journalHead)
        return registry.emitToString()
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
