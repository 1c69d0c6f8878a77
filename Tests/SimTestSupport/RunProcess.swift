import Foundation

/// Runs a program to completion without blocking a concurrency thread on `waitUntilExit`, returning its output.
public func runProcess(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let deadline = ContinuousClock.now + timeout
    // Drain both pipes while waiting, so a chatty program never blocks on a full pipe.
    let stdout = Task.detached { out.fileHandleForReading.readDataToEndOfFile() }
    let stderr = Task.detached { err.fileHandleForReading.readDataToEndOfFile() }
    while process.isRunning {
        if ContinuousClock.now > deadline {
            process.terminate()
            throw TestSupportError("\(arguments.joined(separator: " ")) did not finish within \(timeout)")
        }
        try await Task.sleep(for: .milliseconds(20))
    }
    return (process.terminationStatus, String(decoding: await stdout.value, as: UTF8.self), String(decoding: await stderr.value, as: UTF8.self))
}
