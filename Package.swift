// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "spark-operator",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "spark-operator", targets: ["spark-operator"]),
        .executable(name: "gen-crds", targets: ["gen-crds"]),
        .executable(name: "sparkctl", targets: ["sparkctl"]),
        .library(name: "SparkCtl", targets: ["SparkCtl"]),
        .library(name: "SparkOperatorAPI", targets: ["SparkOperatorAPI"]),
        .library(name: "Kube", targets: ["Kube"]),
        .library(name: "KubeRuntime", targets: ["KubeRuntime"]),
        .library(name: "SparkOperator", targets: ["SparkOperator"]),
        .library(name: "KubeTesting", targets: ["KubeTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.1.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.29.0"),
    ],
    targets: [
        // v1beta2 API types, defaults, validation, quantities, CRD schema. Foundation only.
        .target(name: "SparkOperatorAPI"),
        // Kubernetes client: config, transport, REST, watch.
        .target(
            name: "Kube",
            dependencies: [
                "SparkOperatorAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Controller runtime: watcher, store, work queue, controller, leader election, events.
        .target(
            name: "KubeRuntime",
            dependencies: [
                "Kube",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The two reconcilers, pure builders, state machine, cron, metrics.
        .target(
            name: "SparkOperator",
            dependencies: [
                "SparkOperatorAPI", "Kube", "KubeRuntime",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // The operator process: flags (and their environment variables), logging, the metrics and
        // health HTTP server, leader election and the ServiceGroup. A library so tests can reach it.
        .target(
            name: "SparkOperatorCLI",
            dependencies: [
                "SparkOperator", "SparkOperatorAPI", "Kube", "KubeRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .executableTarget(
            name: "spark-operator",
            dependencies: ["SparkOperatorCLI"]
        ),
        // `make demo`: a local control plane, the operator and a simulated kubelet, one SparkPi.
        .executableTarget(
            name: "spark-operator-demo",
            dependencies: [
                "SparkOperator", "SparkOperatorAPI", "Kube", "KubeRuntime", "KubeTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // Benchmarks against a real control plane (`make bench`): release build, prints and
        // writes measured figures.
        .executableTarget(
            name: "spark-operator-bench",
            dependencies: [
                "SparkOperatorAPI", "Kube", "KubeRuntime", "KubeTesting", "SparkOperator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // sparkctl: create/list/status/events/log/delete of SparkApplications; the commands' logic
        // and output formatting, testable; `sparkctl` is the thin executable.
        .target(
            name: "SparkCtl",
            dependencies: [
                "SparkOperatorAPI", "Kube", "SparkOperator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "sparkctl",
            dependencies: ["SparkCtl"]
        ),
        // Writes crds/*.yaml from the Swift types (`make crds`).
        .executableTarget(
            name: "gen-crds",
            dependencies: ["SparkOperatorAPI", "Kube"]
        ),
        // Test support: the real control plane, the simulated kubelet, fixtures.
        .target(
            name: "KubeTesting",
            dependencies: [
                "Kube", "SparkOperatorAPI",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SparkOperatorAPITests",
            dependencies: ["SparkOperatorAPI", "Kube"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "KubeTests",
            dependencies: [
                "Kube", "KubeTesting", "SparkOperatorAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "KubeRuntimeTests",
            dependencies: [
                "KubeRuntime", "Kube", "KubeTesting", "SparkOperatorAPI",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "SparkOperatorTests",
            dependencies: [
                "SparkOperator", "SparkOperatorAPI", "Kube", "KubeRuntime", "KubeTesting", "SparkOperatorCLI",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            exclude: ["Golden", "Fixtures"]
        ),
        .testTarget(
            name: "SparkCtlTests",
            dependencies: ["SparkCtl", "Kube", "KubeTesting", "SparkOperatorAPI"]
        ),
        // `make chaos`: the operator binary killed, its API server restarted and compacted, its
        // leader killed, fed hostile specs and a rotated token (short form in `make test`).
        .testTarget(
            name: "ChaosTests",
            dependencies: ["SparkOperatorAPI", "Kube", "KubeRuntime", "KubeTesting"]
        ),
        // Tests against the real control plane (etcd + kube-apiserver + kube-controller-manager).
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "SparkOperatorAPI", "Kube", "KubeTesting",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
