import CoreMetrics
import Foundation
import Prometheus
import Synchronization

/// The metrics backend: swift-prometheus for counters, gauges and histograms, plus Prometheus
/// summaries (`_sum` and `_count`, no quantiles, like kubeflow's Go summaries) for the
/// aggregating recorders named in `summaryNames`, which swift-prometheus has no type for.
public final class PrometheusExporter: MetricsFactory, Sendable {
    public let registry: PrometheusCollectorRegistry
    let prometheus: PrometheusMetricsFactory
    let summaryNames: Set<String>
    private let summaries = Mutex<[String: [LabelSet: SummaryHandler]]>([:])

    /// - Parameters:
    ///   - summaryNames: recorders exposed as summaries.
    ///   - histogramBuckets: buckets of the recorders exposed as histograms, by name.
    public init(summaryNames: Set<String>, histogramBuckets: [String: [Double]]) {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.valueHistogramBuckets = histogramBuckets
        // controller-runtime's buckets for reconcile and work-queue durations.
        factory.defaultDurationHistogramBuckets = [
            0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0,
            1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
        ].map { Duration.milliseconds(Int64($0 * 1000)) }
        prometheus = factory
        self.summaryNames = summaryNames
    }

    /// The Prometheus text exposition of every metric.
    public func render() -> String {
        var text = registry.emitToString()
        let families = summaries.withLock { $0 }
        for name in families.keys.sorted() {
            text += "# TYPE \(name) summary\n"
            for (labels, handler) in families[name]!.sorted(by: { $0.key.text < $1.key.text }) {
                let (sum, count) = handler.snapshot
                text += "\(name)_sum\(labels.text) \(Self.format(sum))\n"
                text += "\(name)_count\(labels.text) \(count)\n"
            }
        }
        return text
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    // MARK: MetricsFactory

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        prometheus.makeCounter(label: label, dimensions: dimensions)
    }

    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        prometheus.makeFloatingPointCounter(label: label, dimensions: dimensions)
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard aggregate, summaryNames.contains(label) else {
            return prometheus.makeRecorder(label: label, dimensions: dimensions, aggregate: aggregate)
        }
        let key = LabelSet(dimensions)
        return summaries.withLock { families in
            if let existing = families[label]?[key] { return existing }
            let handler = SummaryHandler()
            families[label, default: [:]][key] = handler
            return handler
        }
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        prometheus.makeMeter(label: label, dimensions: dimensions)
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        prometheus.makeTimer(label: label, dimensions: dimensions)
    }

    public func destroyCounter(_ handler: any CounterHandler) { prometheus.destroyCounter(handler) }
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        prometheus.destroyFloatingPointCounter(handler)
    }
    public func destroyRecorder(_ handler: any RecorderHandler) {
        if handler is SummaryHandler { return }
        prometheus.destroyRecorder(handler)
    }
    public func destroyMeter(_ handler: any MeterHandler) { prometheus.destroyMeter(handler) }
    public func destroyTimer(_ handler: any TimerHandler) { prometheus.destroyTimer(handler) }
}

/// Label pairs, rendered as `{a="1",b="2"}` (empty for none).
struct LabelSet: Hashable, Sendable {
    let text: String
    init(_ labels: [(String, String)]) {
        guard !labels.isEmpty else {
            text = ""
            return
        }
        text = "{" + labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",") + "}"
    }

    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}

/// Sum and count of the values recorded.
final class SummaryHandler: RecorderHandler, Sendable {
    private let state = Mutex((sum: 0.0, count: 0))
    var snapshot: (sum: Double, count: Int) { state.withLock { $0 } }
    func record(_ value: Int64) { record(Double(value)) }
    func record(_ value: Double) {
        state.withLock {
            $0.sum += value
            $0.count += 1
        }
    }
}
