@testable import KubeClient
import KubeTypes
import SkoposModel
import Testing

/// A generator that always returns the same value: 0 gives no jitter, `1 << 63` half, `.max` almost all.
private struct FixedRandom: RandomNumberGenerator, Sendable {
    var value: UInt64
    mutating func next() -> UInt64 { value }
}

private typealias Machine = ReflectorStateMachine
/// A failure as a server reports it: the code and reason of its Status (a reason alone gets its usual code).
private func failure(httpStatus: Int? = nil, reason: String? = nil, message: String = "", causes: [KubeStatus.Cause] = []) -> KubeAPIError {
    let status = KubeStatus(
        code: httpStatus ?? StatusReason(rawValue: reason ?? "")?.code ?? 0, reason: reason ?? "", message: message,
        details: causes.isEmpty ? nil : KubeStatus.Details(causes: causes)
    )
    return KubeAPIError(status: status, cluster: "test")
}

private let expired = failure(httpStatus: 410, reason: "Expired", message: "too old resource version: 5 (10)")
private let serverError = failure(httpStatus: 500, reason: "InternalError", message: "boom")
private let forbidden = failure(httpStatus: 403, reason: "Forbidden", message: "no")

/// A machine without jitter.
private func machine(internalErrorRetryDuration: Duration = .seconds(60)) -> Machine {
    Machine(internalErrorRetryDuration: internalErrorRetryDuration, random: FixedRandom(value: 0))
}

/// A machine that has listed at `rv` and is watching from it.
private func watching(at rv: String = "100") -> Machine {
    var m = machine()
    _ = m.start()
    _ = m.listSucceeded(resourceVersion: rv)
    return m
}

/// Parses a Status object, failing the test if it does not parse.
private func status(_ text: String) throws -> KubeAPIError {
    KubeAPIError(status: try #require(KubeStatus(json: try JSONParser.parse(text))), cluster: "test")
}

@Suite struct ReflectorStateMachineTests {
    let t0 = ContinuousClock.now

    // MARK: - LIST

    @Test func listRVQueryValues() {
        #expect(Machine.ListRV.any.queryValue == "0")
        #expect(Machine.ListRV.notOlderThan("42").queryValue == "42")
        #expect(Machine.ListRV.consistent.queryValue == "")
    }

    @Test func startListsAtZero() {
        var m = machine()
        #expect(m.start() == .list(.any))
        #expect(m.phase == .listing(.any))
        #expect(!m.isSynced)
        #expect(m.lastSyncedResourceVersion == "")
    }

    @Test func listSuccessSyncsAndWatchesFromListRV() {
        var m = machine()
        _ = m.start()
        #expect(m.listSucceeded(resourceVersion: "100") == .watch(from: "100"))
        #expect(m.isSynced)
        #expect(m.lastSyncedResourceVersion == "100")
        #expect(m.phase == .watching(from: "100"))
        #expect(!m.isDeliveringInitialEvents)
    }

    @Test func expiredFirstListRetriesConsistentImmediately() {
        var m = machine()
        _ = m.start()
        #expect(m.listFailed(expired, now: t0) == .list(.consistent))
        #expect(m.isLastSyncResourceVersionUnavailable)
        #expect(m.listSucceeded(resourceVersion: "7") == .watch(from: "7"))
        #expect(!m.isLastSyncResourceVersionUnavailable)
    }

    @Test func goneReasonWithoutStatusCountsAsExpired() {
        var m = machine()
        _ = m.start()
        #expect(m.listFailed(failure(reason: "Gone"), now: t0) == .list(.consistent))
    }

    @Test func tooLargeResourceVersionListRetriesConsistentImmediately() {
        let byCause = failure(
            httpStatus: 504, reason: "Timeout", message: "Timeout: Too large resource version: 20, current: 10",
            causes: [.init(reason: "ResourceVersionTooLarge", message: "Too large resource version")])
        let byMessage = failure(httpStatus: 504, reason: "Timeout", message: "Too large resource version: 20, current: 10")
        let byCauseMessage = failure(reason: "Timeout", causes: [.init(reason: "", message: "Too large resource version")])
        for failure in [byCause, byMessage, byCauseMessage] {
            #expect(failure.isResourceVersionTooLarge)
            var m = watching(at: "20")
            #expect(m.watchEnded(expired, now: t0) == .list(.notOlderThan("20")))
            #expect(m.listFailed(failure, now: t0) == .list(.consistent))
        }
        #expect(!failure(httpStatus: 504, reason: "Timeout", message: "etcd timed out").isResourceVersionTooLarge)
        #expect(!failure(httpStatus: 500, message: "Too large resource version").isResourceVersionTooLarge)
    }

    @Test func expiredConsistentListBacksOffAndStaysConsistent() {
        var m = machine()
        _ = m.start()
        _ = m.listFailed(expired, now: t0)
        #expect(m.listFailed(expired, now: t0) == .sleep(.milliseconds(800)))
        #expect(m.phase == .sleeping(then: .list(.consistent)))
        #expect(m.sleepFinished() == .list(.consistent))
    }

    @Test func otherListErrorBacksOffThenListsAtSameChoice() {
        var m = machine()
        _ = m.start()
        #expect(m.listFailed(forbidden, now: t0) == .sleep(.milliseconds(800)))
        #expect(!m.isLastSyncResourceVersionUnavailable)
        #expect(m.sleepFinished() == .list(.any))

        var relisting = watching(at: "55")
        #expect(relisting.watchEnded(expired, now: t0) == .list(.notOlderThan("55")))
        #expect(relisting.listFailed(serverError, now: t0) == .sleep(.milliseconds(800)))
        #expect(relisting.sleepFinished() == .list(.notOlderThan("55")))
        #expect(relisting.isSynced)
    }

    @Test func otherListErrorAfterExpiredListKeepsConsistent() {
        var m = machine()
        _ = m.start()
        _ = m.listFailed(expired, now: t0)
        #expect(m.listFailed(forbidden, now: t0) == .sleep(.milliseconds(800)))
        #expect(m.sleepFinished() == .list(.consistent))
    }

    // MARK: - Events

    @Test func eventsRecordTheirResourceVersion() {
        var m = watching(at: "100")
        m.eventApplied(resourceVersion: "101", type: .added)
        #expect(m.lastSyncedResourceVersion == "101")
        m.eventApplied(resourceVersion: "102", type: .modified)
        m.eventApplied(resourceVersion: "103", type: .deleted)
        #expect(m.lastSyncedResourceVersion == "103")
        m.eventApplied(resourceVersion: "150", type: .bookmark)
        #expect(m.lastSyncedResourceVersion == "150")
        m.eventApplied(resourceVersion: "", type: .modified)
        #expect(m.lastSyncedResourceVersion == "150")
    }

    @Test func watchFromEmptyOrZeroSkipsInitialAddedVersions() {
        for start in ["", "0"] {
            var m = machine()
            _ = m.start()
            #expect(m.listSucceeded(resourceVersion: start) == .watch(from: start))
            #expect(m.isDeliveringInitialEvents)
            m.eventApplied(resourceVersion: "30", type: .added)
            m.eventApplied(resourceVersion: "10", type: .added)
            #expect(m.lastSyncedResourceVersion == start)
            m.eventApplied(resourceVersion: "31", type: .modified)
            #expect(!m.isDeliveringInitialEvents)
            #expect(m.lastSyncedResourceVersion == "31")
            m.eventApplied(resourceVersion: "32", type: .added)
            #expect(m.lastSyncedResourceVersion == "32")
        }
    }

    @Test func callerSetInitialEventsFlagEndsAtBookmark() {
        var m = watching(at: "100")
        m.isDeliveringInitialEvents = true
        m.eventApplied(resourceVersion: "90", type: .added)
        #expect(m.lastSyncedResourceVersion == "100")
        m.eventApplied(resourceVersion: "120", type: .bookmark)
        #expect(!m.isDeliveringInitialEvents)
        #expect(m.lastSyncedResourceVersion == "120")
    }

    // MARK: - Watch end

    @Test func cleanEndRewatchesFromLastRVWithoutRelist() {
        var m = watching(at: "100")
        m.eventApplied(resourceVersion: "105", type: .modified)
        #expect(m.watchEnded(nil, now: t0) == .watch(from: "105"))
        #expect(m.isSynced)
        #expect(m.watchEnded(nil, now: t0) == .watch(from: "105"))
    }

    @Test func expiredWatchRelistsAtLastRVThenConsistent() {
        var m = watching(at: "100")
        m.eventApplied(resourceVersion: "110", type: .modified)
        #expect(m.watchEnded(expired, now: t0) == .list(.notOlderThan("110")))
        #expect(!m.isLastSyncResourceVersionUnavailable)
        #expect(m.listFailed(expired, now: t0) == .list(.consistent))
        #expect(m.listSucceeded(resourceVersion: "200") == .watch(from: "200"))
        #expect(m.lastSyncedResourceVersion == "200")
    }

    @Test func expiredErrorEventInStreamIsHandledLikeHTTP410() throws {
        let event = try status(#"{"kind":"Status","apiVersion":"v1","status":"Failure","code":410,"reason":"Expired","message":"old"}"#)
        #expect(event == failure(httpStatus: 410, reason: "Expired", message: "old"))
        let gone = try status(#"{"kind":"Status","reason":"Gone","message":"gone"}"#)
        for failure in [event, gone, failure(httpStatus: 410)] {
            var m = watching(at: "100")
            #expect(m.watchEnded(failure, now: t0) == .list(.notOlderThan("100")))
        }
    }

    @Test func repeatedExpiryWithoutProgressBacksOffBeforeRelist() {
        var m = watching(at: "100")
        #expect(m.watchEnded(expired, now: t0) == .list(.notOlderThan("100")))
        #expect(m.listSucceeded(resourceVersion: "100") == .watch(from: "100"))
        #expect(m.watchEnded(expired, now: t0) == .sleep(.milliseconds(800)))
        #expect(m.sleepFinished() == .list(.notOlderThan("100")))
        _ = m.listSucceeded(resourceVersion: "120")
        m.eventApplied(resourceVersion: "121", type: .modified)
        #expect(m.watchEnded(expired, now: t0) == .list(.notOlderThan("121")))
    }

    @Test func tooManyRequestsBacksOffThenRewatches() {
        var m = watching(at: "100")
        #expect(m.watchEnded(failure(httpStatus: 429, reason: "TooManyRequests"), now: t0) == .sleep(.milliseconds(800)))
        #expect(m.phase == .sleeping(then: .watch(from: "100")))
        #expect(m.sleepFinished() == .watch(from: "100"))
        #expect(m.watchEnded(failure(reason: "TooManyRequests"), now: t0) == .sleep(.milliseconds(1600)))
    }

    @Test func connectionRefusedBacksOffThenRewatches() {
        var m = watching(at: "100")
        let refused = KubeAPIError(kind: .unreachable, cluster: "test", message: "connect: connection refused")
        #expect(refused.kind == .unreachable)
        #expect(m.watchEnded(refused, now: t0) == .sleep(.milliseconds(800)))
        #expect(m.sleepFinished() == .watch(from: "100"))
    }

    @Test func internalErrorsRetryImmediatelyForAMinuteThenBackOff() {
        var m = watching(at: "100")
        #expect(m.watchEnded(serverError, now: t0) == .watch(from: "100"))
        #expect(m.watchEnded(serverError, now: t0 + .seconds(30)) == .watch(from: "100"))
        #expect(m.watchEnded(serverError, now: t0 + .seconds(60)) == .watch(from: "100"))
        #expect(m.watchEnded(serverError, now: t0 + .seconds(61)) == .sleep(.milliseconds(800)))
        #expect(m.sleepFinished() == .list(.notOlderThan("100")))
        #expect(m.listSucceeded(resourceVersion: "130") == .watch(from: "130"))
        // A new burst starts after the backoff.
        #expect(m.watchEnded(serverError, now: t0 + .seconds(62)) == .watch(from: "130"))
    }

    @Test func internalErrorBurstEndsAfterAQuietMinute() {
        var m = watching(at: "100")
        #expect(m.watchEnded(serverError, now: t0) == .watch(from: "100"))
        #expect(m.watchEnded(serverError, now: t0 + .seconds(50)) == .watch(from: "100"))
        // More than a minute since the last 500: a fresh burst, so still retried at once.
        #expect(m.watchEnded(serverError, now: t0 + .seconds(115)) == .watch(from: "100"))
        #expect(m.watchEnded(serverError, now: t0 + .seconds(170)) == .watch(from: "100"))
        #expect(m.watchEnded(serverError, now: t0 + .seconds(176)) == .sleep(.milliseconds(800)))
    }

    @Test func internalErrorRetryCanBeDisabled() {
        var m = machine(internalErrorRetryDuration: .zero)
        _ = m.start()
        _ = m.listSucceeded(resourceVersion: "100")
        #expect(m.watchEnded(serverError, now: t0) == .sleep(.milliseconds(800)))
        #expect(m.sleepFinished() == .list(.notOlderThan("100")))
    }

    @Test func otherWatchErrorsBackOffThenRelist() {
        var m = watching(at: "100")
        #expect(m.watchEnded(forbidden, now: t0) == .sleep(.milliseconds(800)))
        #expect(m.phase == .sleeping(then: .list(.notOlderThan("100"))))
        #expect(m.sleepFinished() == .list(.notOlderThan("100")))
        #expect(m.listSucceeded(resourceVersion: "140") == .watch(from: "140"))
    }

    @Test func sleepFinishedOutsideSleepRelists() {
        var m = machine()
        #expect(m.sleepFinished() == .list(.any))
        var w = watching(at: "9")
        #expect(w.sleepFinished() == .list(.notOlderThan("9")))
    }

    // MARK: - Backoff

    @Test func backoffDoublesUpToThirtySeconds() {
        var m = machine()
        let expected: [Duration] = [
            .milliseconds(800), .milliseconds(1600), .milliseconds(3200), .milliseconds(6400), .milliseconds(12800),
            .milliseconds(25600), .seconds(30), .seconds(30),
        ]
        for (step, duration) in expected.enumerated() {
            #expect(m.nextBackoff(now: t0 + .seconds(step)) == duration)
        }
    }

    @Test func backoffJitterAddsUpToTheBase() {
        var half = Machine(random: FixedRandom(value: 1 << 63))
        #expect(half.nextBackoff(now: t0) == .milliseconds(1200))
        #expect(half.nextBackoff(now: t0) == .milliseconds(2400))
        var most = Machine(random: FixedRandom(value: .max))
        let first = most.nextBackoff(now: t0)
        #expect(first >= .milliseconds(1599) && first < .milliseconds(1600))
    }

    @Test func backoffResetsAfterTwoHealthyMinutes() {
        var m = machine()
        #expect(m.nextBackoff(now: t0) == .milliseconds(800))
        #expect(m.nextBackoff(now: t0 + .seconds(1)) == .milliseconds(1600))
        #expect(m.nextBackoff(now: t0 + .seconds(121)) == .milliseconds(3200))
        #expect(m.nextBackoff(now: t0 + .seconds(241) + .milliseconds(1)) == .milliseconds(800))
    }

    @Test func backoffIsSharedAcrossListAndWatchFailures() {
        var m = machine()
        _ = m.start()
        #expect(m.listFailed(forbidden, now: t0) == .sleep(.milliseconds(800)))
        #expect(m.sleepFinished() == .list(.any))
        #expect(m.listSucceeded(resourceVersion: "1") == .watch(from: "1"))
        #expect(m.watchEnded(forbidden, now: t0 + .seconds(2)) == .sleep(.milliseconds(1600)))
    }

    @Test func watchTimeoutIsBetweenFiveAndTenMinutes() {
        var low = Machine(random: FixedRandom(value: 0))
        #expect(low.watchTimeoutSeconds() == 300)
        var mid = Machine(random: FixedRandom(value: 1 << 63))
        #expect(mid.watchTimeoutSeconds() == 450)
        var high = Machine(random: FixedRandom(value: .max))
        #expect(high.watchTimeoutSeconds() == 600)
        var system = Machine()
        for _ in 0..<100 {
            #expect((300...600).contains(system.watchTimeoutSeconds()))
        }
    }

    // MARK: - Failure

    @Test func failureReadsStatusObjects() throws {
        let text = #"""
            {"kind":"Status","code":504,"reason":"Timeout","message":"Too large resource version",
             "details":{"causes":[{"reason":"ResourceVersionTooLarge","message":"Too large resource version"}]}}
            """#
        let failure = try status(text)
        #expect(failure.httpStatus == 504)
        #expect(failure.reason == "Timeout")
        #expect(failure.status?.details?.causes == [.init(reason: "ResourceVersionTooLarge", message: "Too large resource version")])
        #expect(failure.isResourceVersionTooLarge)
        #expect(!failure.isExpired)
        #expect(KubeStatus(json: .string("nope")) == nil)
    }

    @Test func failureClassifiers() {
        #expect(failure(httpStatus: 410).isExpired)
        #expect(failure(reason: "Expired").isExpired)
        #expect(failure(reason: "Gone").isExpired)
        #expect(!failure(httpStatus: 404, reason: "NotFound").isExpired)
        #expect(failure(httpStatus: 429).kind == .tooManyRequests)
        #expect(failure(reason: "TooManyRequests").kind == .tooManyRequests)
        #expect(failure(httpStatus: 500).isInternalError)
        #expect(!failure(httpStatus: 503).isInternalError)
        #expect(failure(httpStatus: 502).kind == .serverError)
        #expect(failure(httpStatus: 504, reason: "Timeout").kind == .timeout)
    }
}
