import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The metrics and health endpoints, on hummingbird: `/metrics` (Prometheus text; path from
/// `--metrics-endpoint`) on `--metrics-bind-address`, `/healthz` and `/readyz` on
/// `--health-probe-bind-address`; one server when both addresses are the same.
enum OperatorHTTPServer {
    struct Endpoints: Sendable {
        var metricsPath: String
        /// Prometheus text of every metric (called per scrape).
        var metrics: @Sendable () -> String
        /// Whether the process is ready (for `/readyz`); `why` explains a "no".
        var readiness: @Sendable () -> (ready: Bool, why: String)
    }

    /// The servers to run as services (none when both are turned off).
    static func services(
        metricsAddress: BindAddress?, healthAddress: BindAddress?, endpoints: Endpoints, logger: Logger
    ) -> [any Service] {
        var servers: [(BindAddress, metrics: Bool, health: Bool)] = []
        if let metricsAddress { servers.append((metricsAddress, true, false)) }
        if let healthAddress {
            if healthAddress == metricsAddress {
                servers[0].health = true
            } else {
                servers.append((healthAddress, false, true))
            }
        }
        return servers.map { address, metrics, health in
            makeApplication(address: address, metrics: metrics, health: health, endpoints: endpoints, logger: logger)
        }
    }

    static func makeApplication(
        address: BindAddress, metrics: Bool, health: Bool, endpoints: Endpoints, logger: Logger
    ) -> any Service {
        let router = Router()
        if metrics {
            router.get(RouterPath(endpoints.metricsPath)) { _, _ -> Response in
                text(endpoints.metrics(), contentType: "text/plain; version=0.0.4; charset=utf-8")
            }
        }
        if health {
            router.get("/healthz") { _, _ -> Response in text("ok\n") }
            router.get("/readyz") { _, _ -> Response in
                let (ready, why) = endpoints.readiness()
                return text(ready ? "ok\n" : "not ready: \(why)\n", status: ready ? .ok : .serviceUnavailable)
            }
        }
        var serverLogger = logger
        serverLogger.logLevel = max(logger.logLevel, .notice)  // no line per request
        let what = [metrics ? "metrics \(endpoints.metricsPath)" : nil, health ? "/healthz /readyz" : nil]
            .compactMap { $0 }.joined(separator: ", ")
        return Application(
            router: router,
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: nil, reuseAddress: true),
            onServerRunning: { channel in
                logger.info("serving \(what)", metadata: ["address": "\(channel.localAddress.map { "\($0)" } ?? "\(address)")"])
            },
            logger: serverLogger)
    }

    static func text(_ body: String, status: HTTPResponse.Status = .ok, contentType: String = "text/plain; charset=utf-8")
        -> Response
    {
        Response(
            status: status, headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
