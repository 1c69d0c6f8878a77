// swift-tools-version: 6.2
import PackageDescription

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "skopos",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "skopos", targets: ["skopos"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", exact: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", exact: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "3.12.3"),
        .package(url: "https://github.com/apple/swift-asn1.git", exact: "1.7.4"),
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-collections.git", exact: "1.6.0"),
    ],
    targets: [
        // The bottom of the house: what is not Kubernetes-specific. JSONValue with its fast reader and writer,
        // percent-encoding, atomic file writes. Foundation only.
        .target(
            name: "SkoposModel",
            swiftSettings: upcoming
        ),
        // Slim hand-written models of Kubernetes objects and the descriptions of the kinds the console reads.
        .target(
            name: "KubeTypes",
            dependencies: ["SkoposModel"],
            swiftSettings: upcoming
        ),
        // Our Kubernetes client: kubeconfig, connections, REST verbs, watches, reflectors, stores, cluster discovery.
        .target(
            name: "KubeClient",
            dependencies: [
                "KubeTypes",
                "SkoposModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HashTreeCollections", package: "swift-collections"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcoming
        ),
        // The simulated Kubernetes/OpenShift API server behind `skopos sim`. Product code never imports it.
        .target(
            name: "KubeSim",
            dependencies: [
                "KubeTypes",
                "SkoposModel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcoming
        ),
        // Simulated mesh traffic: scenario files, the Kubernetes objects they describe, Istio telemetry on `/metrics`
        // per cluster, a fault switch, and OpenMetrics history for backfilling Prometheus.
        .target(
            name: "MeshSim",
            dependencies: [
                "KubeTypes",
                "SkoposModel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcoming
        ),
        // Prometheus' HTTP API: instant and range queries against Prometheus, Thanos, Mimir or a federating Prometheus.
        .target(
            name: "PromClient",
            dependencies: [
                "KubeTypes",
                "SkoposModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: upcoming
        ),
        // The traffic graph engine (graph.md): options, Kiali's PromQL, telemetry to traffic map, appenders, Cytoscape
        // JSON, the shared graph cache. No HTTP server in it.
        .target(
            name: "SkoposGraph",
            dependencies: [
                "KubeClient",
                "KubeTypes",
                "SkoposModel",
                "PromClient",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        // `skopos serve`: Kiali's config.yaml, the HTTP(S) server, routes, and (later) auth and the UI.
        // Namespaces, workloads, health and the overview over the read model (the console API's logic).
        .target(
            name: "SkoposBusiness",
            dependencies: [
                "KubeClient",
                "KubeTypes",
                "SkoposModel",
                "SkoposGraph",
                "PromClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "SkoposWeb",
            dependencies: [
                "SkoposBusiness",
                "KubeClient",
                "KubeTypes",
                "SkoposModel",
                "PromClient",
                "SkoposGraph",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcoming
        ),
        // Real Prometheus servers as child processes on loopback ports: configuration files, readiness, backfilling
        // with promtool, and a watchdog so that no process outlives its parent.
        .target(
            name: "LocalPrometheus",
            dependencies: [
                "PromClient",
                "SkoposModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: upcoming
        ),
        // `skopos demo`: simulated clusters with mesh content, live telemetry, per-cluster and federating Prometheus.
        .target(
            name: "SkoposDemo",
            dependencies: [
                "KubeSim",
                "KubeTypes",
                "SkoposModel",
                "MeshSim",
                "LocalPrometheus",
                "PromClient",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcoming
        ),
        // The one binary: thin subcommands over the libraries.
        .executableTarget(
            name: "skopos",
            dependencies: [
                "SkoposWeb",
                "KubeSim",
                "KubeTypes",
                "SkoposModel",
                "MeshSim",
                "SkoposDemo",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcoming
        ),
        // `make bench`: figures for the Kubernetes caches (never assertions).
        .executableTarget(
            name: "SkoposBench",
            dependencies: [
                "SkoposGraph",
                "SkoposDemo",
                "PromClient",
                "SimTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "KubeClient",
                "KubeSim",
                "KubeTypes",
                "SkoposModel",
                "MeshSim",
                "LocalPrometheus",
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Benchmarks/SkoposBench",
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "KubeClientTests",
            dependencies: [
                "KubeClient",
                "KubeSim",
                "MeshSim",
                "KubeTypes",
                "SkoposModel",
                "SimTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "SkoposGraphTests",
            dependencies: [
                "SkoposGraph",
                "KubeClient",
                "KubeSim",
                "KubeTypes",
                "SkoposModel",
                "PromClient",
                "MeshSim",
                "LocalPrometheus",
                "SimTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "SkoposBusinessTests",
            dependencies: [
                "SkoposBusiness",
                "SkoposGraph",
                "PromClient",
                "SkoposModel",
                "KubeClient",
                "KubeTypes",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "SkoposWebTests",
            dependencies: [
                "SkoposWeb",
                "MeshSim",
                "LocalPrometheus",
                "SkoposGraph",
                "KubeClient",
                "KubeSim",
                "KubeTypes",
                "SkoposModel",
                "PromClient",
                "SimTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "PromClientTests",
            dependencies: [
                "PromClient",
                "SkoposModel",
                "SimTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "MeshSimTests",
            dependencies: ["MeshSim", "KubeTypes", "SkoposModel"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "SkoposDemoTests",
            dependencies: [
                "SkoposDemo",
                "MeshSim",
                "LocalPrometheus",
                "PromClient",
                "KubeClient",
                "KubeTypes",
                "SkoposModel",
                "SimTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "KubeTypesTests",
            dependencies: ["KubeTypes", "SkoposModel"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "SkoposModelTests",
            dependencies: ["SkoposModel"],
            swiftSettings: upcoming
        ),
        // Helpers the test targets share: in-process simulated clusters, a kubectl runner, temporary directories.
        .target(
            name: "SimTestSupport",
            dependencies: [
                "KubeSim",
                "SkoposModel",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Tests/SimTestSupport",
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "KubeSimTests",
            dependencies: [
                "KubeSim",
                "SimTestSupport",
                "KubeTypes",
                "SkoposModel",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
    ]
)
