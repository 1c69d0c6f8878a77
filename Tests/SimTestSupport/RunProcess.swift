import Foundation

/// Runs a program to completion without blocking a concurrency thread on `waitUntilExit`, returning its output.
public func runProcess(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let out = PipeCollector()
    let err = PipeCollector()
    process.standardOutput = out.pipe
    process.standardError = err.pipe
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let deadline = ContinuousClock.now + timeout
    while process.isRunning {
        if ContinuousClock.now > deadline {
            process.terminate()
            throw TestSupportError("\(arguments.joined(separator: " ")) did not finish within \(timeout)")
        }
        try await Task.sleep(for: .milliseconds(20))
    }
    return (process.terminationStatus, await out.finish(), await err.finish())
}
