import Hummingbird
import KubeTypes
import Logging
import NIOCore
public import ServiceLifecycle
import SkoposModel

/// Serves each cluster's Istio telemetry on a `/metrics` endpoint of its own loopback port, as that cluster's
/// sidecars would, plus the fault switch: `GET /faults`, `PUT /faults/{cluster}/{namespace}/{workload}` with
/// `{"code": "503", "percent": 100}`, `DELETE` on the same path, and `DELETE /faults` to clear them all.
public struct TrafficServer: ServiceLifecycle.Service {
    public let generator: TrafficGenerator
    let ports: [String: Int]
    let onReady: @Sendable (TrafficEndpoints) async -> Void

    /// - Parameters:
    ///   - ports: a port per cluster; 0 (or missing) picks a free one.
    ///   - onReady: called once with where every listener answers, when all are bound.
    public init(generator: TrafficGenerator, ports: [String: Int] = [:], onReady: @escaping @Sendable (TrafficEndpoints) async -> Void) {
        self.generator = generator
        self.ports = ports
        self.onReady = onReady
    }

    public func run() async throws {
        let clusters = generator.topology.clusterNames
        let collector = AddressCollector(expected: clusters.count)
        var logger = Logger(label: "skopos.traffic")
        logger.logLevel = .error
        var services: [any ServiceLifecycle.Service] = []
        for cluster in clusters {
            let router = Router()
            Self.addRoutes(router, generator: generator, cluster: cluster)
            let onReady = self.onReady
            services.append(Application(
                router: router,
                configuration: .init(address: .hostname("127.0.0.1", port: ports[cluster] ?? 0), serverName: nil),
                onServerRunning: { channel in
                    if let all = await collector.add(cluster, "127.0.0.1:\(channel.localAddress?.port ?? 0)") {
                        await onReady(TrafficEndpoints(addresses: all, firstCluster: clusters[0]))
                    }
                },
                logger: logger
            ))
        }
        try await ServiceGroup(configuration: .init(services: services, logger: logger)).run()
    }

    static func addRoutes(_ router: Router<BasicRequestContext>, generator: TrafficGenerator, cluster: String) {
        router.get("metrics") { _, _ -> Response in
            let text = await generator.metricsText(cluster: cluster)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text))
            )
        }
        router.get("faults") { _, _ -> Response in
            json(.array(await generator.faults().map(faultJSON)))
        }
        router.put("faults/:cluster/:namespace/:workload") { request, context -> Response in
            let target = try ref(context)
            let body = try await request.body.collect(upTo: 64 * 1024)
            var fault = Scenario.Fault(target: target)
            if body.readableBytes > 0 {
                let value: JSONValue
                do { value = try JSONParser.parse(Array(body.readableBytesView)) } catch {
                    throw HTTPError(.badRequest, message: "the body is not JSON: \(error)")
                }
                if let code = value["code"] {
                    let text = code.stringValue ?? code.intValue.map(String.init) ?? ""
                    guard text.count == 3, text.allSatisfy(\.isNumber) else {
                        throw HTTPError(.badRequest, message: "code must be an HTTP status such as 503")
                    }
                    fault.code = text
                }
                if let percent = value["percent"] {
                    let number: Double?
                    switch percent {
                    case .int(let i): number = Double(i)
                    case .double(let d): number = d
                    default: number = nil
                    }
                    guard let number, (0...100).contains(number) else { throw HTTPError(.badRequest, message: "percent must be a number from 0 to 100") }
                    fault.percent = number
                }
            }
            do { try await generator.setFault(fault) } catch { throw HTTPError(.notFound, message: (error as? ScenarioError)?.reason ?? "\(error)") }
            return json(faultJSON(fault))
        }
        router.delete("faults/:cluster/:namespace/:workload") { _, context -> Response in
            var fault = Scenario.Fault(target: try ref(context))
            fault.percent = 0
            do { try await generator.setFault(fault) } catch { throw HTTPError(.notFound, message: (error as? ScenarioError)?.reason ?? "\(error)") }
            return Response(status: .noContent)
        }
        router.delete("faults") { _, _ -> Response in
            await generator.clearFaults()
            return Response(status: .noContent)
        }
    }

    static func ref(_ context: BasicRequestContext) throws -> Scenario.WorkloadRef {
        guard let cluster = context.parameters.get("cluster"), let namespace = context.parameters.get("namespace"),
            let workload = context.parameters.get("workload")
        else { throw HTTPError(.badRequest, message: "expected /faults/{cluster}/{namespace}/{workload}") }
        return Scenario.WorkloadRef(cluster: cluster, namespace: namespace, workload: workload)
    }

    static func faultJSON(_ fault: Scenario.Fault) -> JSONValue {
        ["workload": .string(fault.target.description), "code": .string(fault.code), "percent": .double(fault.percent)]
    }

    static func json(_ value: JSONValue) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.write(value))))
    }
}

/// Collects one address per cluster and hands them all over once.
actor AddressCollector {
    let expected: Int
    var addresses: [String: String] = [:]
    var done = false

    init(expected: Int) { self.expected = expected }

    func add(_ cluster: String, _ address: String) -> [String: String]? {
        addresses[cluster] = address
        guard !done, addresses.count == expected else { return nil }
        done = true
        return addresses
    }
}
