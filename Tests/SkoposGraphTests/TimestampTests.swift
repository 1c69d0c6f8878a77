import Foundation
import Testing

@testable import SkoposGraph

/// The RFC 3339 reader that replaced a formatter per namespace look-up agrees with Foundation's.
@Suite
struct TimestampTests {
    @Test("Same Unix seconds as ISO8601DateFormatter", arguments: [
        "1970-01-01T00:00:00Z", "2020-01-01T00:00:00Z", "2026-12-06T22:28:16Z", "2024-02-29T23:59:59Z", "2000-03-01T12:00:00+02:00",
        "1999-12-31T23:30:00-05:30", "2026-12-06T22:28:16.123456Z",
    ])
    func agreesWithFoundation(text: String) {
        let f = ISO8601DateFormatter()
        f.formatOptions = text.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        let expected = f.date(from: text).map { Int64($0.timeIntervalSince1970.rounded(.down)) }
        #expect(KubeView.unixTime(text) == expected)
    }

    @Test("Not a timestamp", arguments: ["", "2026-12-06", "2026-13-01T00:00:00Z", "2026-12-06T22:28:16", "2026-12-06 22:28:16Z", "abcd-ef-ghTij:kl:mnZ"])
    func rejected(text: String) {
        #expect(KubeView.unixTime(text) == nil)
    }
}
