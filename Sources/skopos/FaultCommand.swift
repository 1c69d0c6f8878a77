import ArgumentParser
import AsyncHTTPClient
import Foundation
import KubeTypes
import NIOCore
import NIOHTTP1
import SkoposModel

/// `skopos fault`: switches a simulated workload's failures on or off while `skopos demo` or `skopos sim` runs.
struct FaultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fault",
        abstract: "Make a simulated workload fail (or stop failing) while the demo runs.",
        discussion: """
            Examples:
              skopos fault west/bookinfo/reviews-v3                  # reviews-v3 in west answers 503 to every request
              skopos fault west/bookinfo/reviews-v3 --percent 50 --code 500
              skopos fault west/bookinfo/reviews-v3 --off
              skopos fault --list
              skopos fault --clear
            """
    )

    @Argument(help: "The workload: cluster/namespace/workload.")
    var workload: String?

    @Option(help: "The HTTP status its failing requests get.")
    var code: Int = 503

    @Option(help: "The share of its requests that fail, from 0 to 100.")
    var percent: Double = 100

    @Flag(help: "Switch the workload's fault off.")
    var off = false

    @Flag(help: "List the faults in force.")
    var list = false

    @Flag(help: "Switch every fault off.")
    var clear = false

    @Option(help: "Directory of the running demo (demo.json) or simulator (mesh.json).")
    var dir: String = ".demo"

    @Option(help: "The fault switch's URL, instead of reading it from --dir.")
    var url: String?

    func validate() throws {
        if !list && !clear {
            guard let workload else { throw ValidationError("name a workload as cluster/namespace/workload, or use --list or --clear") }
            guard workload.split(separator: "/").count == 3 else { throw ValidationError("the workload must be cluster/namespace/workload, not \"\(workload)\"") }
        }
        guard (100...599).contains(code) else { throw ValidationError("--code must be an HTTP status from 100 to 599") }
        guard (0...100).contains(percent) else { throw ValidationError("--percent must be between 0 and 100") }
    }

    func run() async throws {
        let base = try url ?? Self.faultsURL(dir: dir)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await send(client, base: base)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    func send(_ client: HTTPClient, base: String) async throws {
        var request: HTTPClientRequest
        if list {
            request = HTTPClientRequest(url: base)
        } else if clear {
            request = HTTPClientRequest(url: base)
            request.method = .DELETE
        } else {
            request = HTTPClientRequest(url: base + "/" + workload!)
            request.method = off ? .DELETE : .PUT
            if !off {
                request.body = .bytes(ByteBuffer(bytes: JSONWriter.write(["code": .string(String(code)), "percent": .double(percent)])))
            }
        }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .seconds(10))
        } catch {
            throw ValidationError("the fault switch at \(base) does not answer (is the demo running?): \(error)")
        }
        let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
        guard (200..<300).contains(Int(response.status.code)) else {
            throw ValidationError("the fault switch refused: HTTP \(response.status.code) \(body)")
        }
        if list || !off && !clear { print(body) }
    }

    /// `faults` from DIR/demo.json or DIR/mesh.json.
    static func faultsURL(dir: String) throws -> String {
        for name in ["demo.json", "mesh.json"] {
            let path = dir + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            guard let value = try? JSONParser.parse(Array(data)), let url = value["faults"]?.stringValue else {
                throw ValidationError("\(path) has no \"faults\" URL")
            }
            return url
        }
        throw ValidationError("no demo.json or mesh.json in \(dir): start `skopos demo` (or `skopos sim`) first, or pass --dir or --url")
    }
}
