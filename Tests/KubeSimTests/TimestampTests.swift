import Foundation
import Testing

@testable import KubeSim

/// RFC 3339 timestamps and Kubernetes' `HumanDuration` (the AGE column).
@Suite struct TimestampTests {
    /// 2026-11-25T17:30:00Z.
    static let reference: TimeInterval = 1_795_627_800

    // MARK: format

    @Test func formatsUTCWithSecondPrecision() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: Self.reference)) == "2026-11-25T17:30:00Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 951_868_799)) == "2000-02-29T23:59:59Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_000_000_000)) == "2001-09-09T01:46:40Z")
    }

    @Test func formatDropsFractions() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: Self.reference + 0.999)) == "2026-11-25T17:30:00Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59Z")
    }

    @Test func nowIsParseable() throws {
        let now = Timestamp.now()
        #expect(now.count == 20)
        #expect(now.hasSuffix("Z"))
        let parsed = try #require(Timestamp.parse(now))
        #expect(abs(parsed.timeIntervalSinceNow) < 5)
    }

    // MARK: parse

    @Test func parsesUTC() {
        #expect(Timestamp.parse("2026-11-25T17:30:00Z") == Date(timeIntervalSince1970: Self.reference))
        #expect(Timestamp.parse("1970-01-01T00:00:00Z") == Date(timeIntervalSince1970: 0))
        #expect(Timestamp.parse("2000-02-29T23:59:59Z") == Date(timeIntervalSince1970: 951_868_799))
    }

    @Test func parsesFractionalSeconds() throws {
        let half = try #require(Timestamp.parse("2026-11-25T17:30:00.5Z"))
        #expect(abs(half.timeIntervalSince1970 - (Self.reference + 0.5)) < 1e-5)
        let micro = try #require(Timestamp.parse("2026-11-25T17:30:00.123456Z"))
        #expect(abs(micro.timeIntervalSince1970 - (Self.reference + 0.123456)) < 1e-5)
        let nano = try #require(Timestamp.parse("2026-11-25T17:30:00.999999999Z"))
        #expect(abs(nano.timeIntervalSince1970 - (Self.reference + 0.999999999)) < 1e-5)
    }

    @Test func parsesOffsets() {
        // 19:30 at +02:00 is 17:30 UTC.
        #expect(Timestamp.parse("2026-11-25T19:30:00+02:00") == Date(timeIntervalSince1970: Self.reference))
        // 12:00 at -05:30 is 17:30 UTC.
        #expect(Timestamp.parse("2026-11-25T12:00:00-05:30") == Date(timeIntervalSince1970: Self.reference))
        #expect(Timestamp.parse("2026-11-25T17:30:00+00:00") == Date(timeIntervalSince1970: Self.reference))
        // Across midnight.
        #expect(Timestamp.parse("2026-11-26T01:30:00+08:00") == Date(timeIntervalSince1970: Self.reference))
    }

    @Test func parsesFractionWithOffset() throws {
        let date = try #require(Timestamp.parse("2026-11-25T18:30:00.25+01:00"))
        #expect(abs(date.timeIntervalSince1970 - (Self.reference + 0.25)) < 1e-5)
    }

    @Test(arguments: [
        "", "2026-11-25", "2026-11-25T17:30:00", "2026-11-25 17:30", "2026-1x-25T17:30:00Z", "2026-11-25T17:3a:00Z",
        "20261125T173000Z0000", "2026-11-25T17:30:00+0x:00", "2026-11-25T17:30:00+02", "2026-11-25T17:30:00+02:0",
        "not a timestamp at all",
    ])
    func rejectsMalformed(_ text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test(arguments: ["1970-01-01T00:00:00Z", "2026-11-25T17:30:00Z", "2000-02-29T23:59:59Z", "2038-01-19T03:14:08Z", "1999-12-31T23:59:59Z"])
    func formatParseRoundTrip(_ text: String) throws {
        let date = try #require(Timestamp.parse(text))
        #expect(Timestamp.format(date) == text)
    }

    @Test func formatOfParsedOffsetIsUTC() throws {
        let date = try #require(Timestamp.parse("2026-11-25T19:30:00.75+02:00"))
        #expect(Timestamp.format(date) == "2026-11-25T17:30:00Z")
    }

    // MARK: humanDuration

    static let minute = 60.0
    static let hour = 3600.0
    static let day = 86400.0

    /// Values of `k8s.io/apimachinery/pkg/util/duration.HumanDuration`.
    static let kubernetesDurations: [(Double, String)] = [
        (0, "0s"),
        (1, "1s"),
        (5, "5s"),
        (59, "59s"),
        (60, "60s"),
        (90, "90s"),
        (119, "119s"),
        (119.9, "119s"),
        (120, "2m"),
        (125, "2m5s"),
        (150, "2m30s"),
        (5 * minute, "5m"),
        (9 * minute + 59, "9m59s"),
        (10 * minute, "10m"),
        (10 * minute + 30, "10m"),
        (90 * minute, "90m"),
        (179 * minute + 59, "179m"),
        (3 * hour, "3h"),
        (3 * hour + 59, "3h"),
        (3 * hour + 30 * minute, "3h30m"),
        (7 * hour + 59 * minute, "7h59m"),
        (8 * hour, "8h"),
        (8 * hour + 30 * minute, "8h"),
        (25 * hour, "25h"),
        (47 * hour + 59 * minute, "47h"),
        (48 * hour, "2d"),
        (50 * hour, "2d2h"),
        (7 * day + 23 * hour, "7d23h"),
        (8 * day, "8d"),
        (8 * day + 5 * hour, "8d"),
        (400 * day, "400d"),
        (729 * day + 23 * hour, "729d"),
        (730 * day, "2y"),
        (3 * 365 * day, "3y"),
        (8 * 365 * day, "8y"),
        (8 * 365 * day + 100 * day, "8y"),
        (20 * 365 * day, "20y"),
        // Small negative values (clock skew up to a second) count as now.
        (-0.5, "0s"),
        (-1, "0s"),
        (-1.9, "0s"),
    ]

    @Test(arguments: kubernetesDurations)
    func humanDurationMatchesKubernetes(_ seconds: Double, _ expected: String) {
        #expect(Timestamp.humanDuration(seconds) == expected)
    }

    /// Between two and eight years Kubernetes adds the remaining days (`2y10d`).
    @Test func yearsAndDaysBetweenTwoAndEightYears() {
        let cases: [(Double, String)] = [
            (730 * Self.day + 10 * Self.day, "2y10d"),
            (3 * 365 * Self.day + 100 * Self.day, "3y100d"),
            (7 * 365 * Self.day + 364 * Self.day, "7y364d"),
        ]
        for (seconds, kubernetes) in cases {
            let actual = Timestamp.humanDuration(seconds)
            #expect(actual == kubernetes)
        }
    }

    /// Kubernetes shows `<invalid>` for durations below -1s (creation timestamps in the future); so does the simulator
    /// shows `0s`.
    @Test func clearlyNegativeDurationsAreInvalid() {
        let actual = Timestamp.humanDuration(-5)
        #expect(actual == "<invalid>")
    }
}
