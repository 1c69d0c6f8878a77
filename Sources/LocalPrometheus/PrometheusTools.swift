import Foundation
import SkoposModel

/// The `prometheus` and `promtool` binaries on this machine (Debian's `prometheus` package has both).
public struct PrometheusTools: Sendable {
    public var prometheus: String
    public var promtool: String

    /// Finds both on `PATH` (or `SKOPOS_PROMETHEUS` / `SKOPOS_PROMTOOL`).
    /// - Throws: `LocalPrometheusError.notInstalled`, saying how to install them.
    public static func locate(environment: [String: String]? = nil) throws(LocalPrometheusError) -> PrometheusTools {
        let environment = environment ?? ProcessInfo.processInfo.environment
        func find(_ name: String, override: String) throws(LocalPrometheusError) -> String? {
            if let path = environment[override] {
                guard FileManager.default.isExecutableFile(atPath: path) else {
                    throw .failed("\(override)=\(path) is not an executable file; point it at \(name), or unset it to use the one on PATH")
                }
                return path
            }
            for dir in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
                let path = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
            return nil
        }
        guard let prometheus = try find("prometheus", override: "SKOPOS_PROMETHEUS") else { throw .notInstalled("prometheus") }
        guard let promtool = try find("promtool", override: "SKOPOS_PROMTOOL") else { throw .notInstalled("promtool") }
        return PrometheusTools(prometheus: prometheus, promtool: promtool)
    }

    /// Turns an OpenMetrics file into TSDB blocks under `dataDirectory` (`promtool tsdb create-blocks-from openmetrics`).
    public func createBlocks(from openMetricsFile: String, into dataDirectory: String) async throws(LocalPrometheusError) {
        try? FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let log = dataDirectory + "/promtool.log"
        let status: Int32
        do {
            status = try await ChildProcess.runToCompletion(promtool, ["tsdb", "create-blocks-from", "openmetrics", "--quiet", openMetricsFile, dataDirectory], logFile: log)
        } catch {
            throw .failed("promtool could not be started: \(error)")
        }
        guard status == 0 else {
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw .failed("promtool tsdb create-blocks-from openmetrics \(openMetricsFile) exited with status \(status): \(output.suffix(2_000))")
        }
    }
}
