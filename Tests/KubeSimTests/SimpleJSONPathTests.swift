import KubeTypes
import SkoposModel
import Testing

@testable import KubeSim

/// The JSONPath subset of CRD printer columns.
@Suite struct SimpleJSONPathTests {
    static let object: JSONValue = [
        "apiVersion": "networking.istio.io/v1",
        "kind": "VirtualService",
        "metadata": [
            "name": "reviews",
            "labels": ["app": "reviews", "app.kubernetes.io/name": "bookinfo"],
        ],
        "spec": [
            "hosts": ["reviews.example.com", "ratings.example.com"],
            "gateways": [],
            "replicas": 3,
            "ratio": 2.5,
            "paused": false,
            "a": [["b": "first"], ["c": "no b"], ["b": "third"]],
            "ports": [["name": "http", "port": 80], ["name": "https", "port": 443]],
        ],
        "status": [
            "conditions": [
                ["type": "Progressing", "status": "False", "reason": "Stalled"],
                ["type": "Ready", "status": "True"],
            ]
        ],
    ]

    private func eval(_ path: String, _ root: JSONValue = object) -> [JSONValue] {
        SimpleJSONPath.evaluate(path, in: root)
    }

    @Test func memberAccess() {
        #expect(eval(".metadata.name") == ["reviews"])
        #expect(eval(".spec.replicas") == [3])
        #expect(eval(".kind") == ["VirtualService"])
    }

    @Test func memberAccessReturnsTheWholeArray() {
        #expect(eval(".spec.hosts") == [["reviews.example.com", "ratings.example.com"]])
        #expect(eval(".spec.gateways") == [[]])
    }

    @Test func bracesAndDollarAreAccepted() {
        #expect(eval("{.metadata.name}") == ["reviews"])
        #expect(eval("$.metadata.name") == ["reviews"])
        #expect(eval("{$.metadata.name}") == ["reviews"])
    }

    @Test func emptyPathSelectsTheRoot() {
        #expect(eval("") == [Self.object])
        #expect(eval(".") == [Self.object])
    }

    @Test func indexes() {
        #expect(eval(".spec.hosts[0]") == ["reviews.example.com"])
        #expect(eval(".spec.hosts[1]") == ["ratings.example.com"])
        #expect(eval(".spec.hosts[ 1 ]") == ["ratings.example.com"])
        #expect(eval(".spec.hosts[-1]") == ["ratings.example.com"])
        #expect(eval(".spec.a[0].b") == ["first"])
        #expect(eval(".spec.ports[1].port") == [443])
    }

    @Test func indexOutOfRangeSelectsNothing() {
        #expect(eval(".spec.hosts[2]") == [])
        #expect(eval(".spec.hosts[-3]") == [])
        #expect(eval(".spec.gateways[0]") == [])
    }

    @Test func indexOnNonArraySelectsNothing() {
        #expect(eval(".metadata[0]") == [])
        #expect(eval(".metadata.name[0]") == [])
    }

    @Test func wildcards() {
        #expect(eval(".spec.hosts[*]") == ["reviews.example.com", "ratings.example.com"])
        #expect(eval(".spec.ports[*].port") == [80, 443])
        // Elements without the member are skipped.
        #expect(eval(".spec.a[*].b") == ["first", "third"])
        // On an object, the values in key order.
        #expect(eval(".metadata.labels[*]") == ["reviews", "bookinfo"])
        #expect(eval(".metadata.name[*]") == [])
    }

    @Test func quotedKeys() {
        #expect(eval(".metadata.labels['app.kubernetes.io/name']") == ["bookinfo"])
        #expect(eval(#".metadata.labels["app"]"#) == ["reviews"])
        #expect(eval(".metadata.labels['missing']") == [])
    }

    @Test func filters() {
        #expect(eval(#".status.conditions[?(@.type=="Ready")].status"#) == ["True"])
        #expect(eval(".status.conditions[?(@.type=='Ready')].status") == ["True"])
        #expect(eval(#".status.conditions[?(@.type == "Ready")].status"#) == ["True"])
        #expect(eval(#".status.conditions[?(@.type!="Ready")].type"#) == ["Progressing"])
        #expect(eval(#".status.conditions[?(@.type=="Missing")].status"#) == [])
        // Existence.
        #expect(eval(".status.conditions[?(@.reason)].type") == ["Progressing"])
        // Numbers compare by their rendering.
        #expect(eval(".spec.ports[?(@.port==443)].name") == ["https"])
        // Filters on non-arrays select nothing.
        #expect(eval(#".metadata[?(@.name=="reviews")]"#) == [])
    }

    /// Kubernetes' JSONPath skips elements that lack the compared field (`case len(lefts) == 0: continue` in
    /// client-go's `evalFilter`), so `!=` does not select them.
    @Test func notEqualFilterSkipsElementsWithoutTheField() {
        let selected = eval(#".status.conditions[?(@.reason!="Stalled")].type"#)
        #expect(selected == [])
    }

    @Test func filterWholeElement() {
        #expect(eval(#".status.conditions[?(@.type=="Ready")]"#) == [["type": "Ready", "status": "True"]])
    }

    @Test func missingPathsSelectNothing() {
        #expect(eval(".spec.nothing") == [])
        #expect(eval(".nothing.deeper.still") == [])
        #expect(eval(".metadata.name.x") == [])
        #expect(eval(".spec.hosts.x") == [])
        #expect(eval(".spec.a[*].missing") == [])
    }

    @Test func malformedPathsSelectNothing() {
        #expect(eval("metadata.name") == [])
        #expect(eval(".spec.hosts[0") == [])
        #expect(eval(".spec.hosts[abc]") == [])
    }

    @Test func evaluatingOnAnArrayRoot() {
        #expect(eval("[1]", ["a", "b"]) == ["b"])
        #expect(eval("[*].x", [["x": 1], ["x": 2]]) == [1, 2])
    }

    // MARK: render

    @Test func renderScalars() {
        #expect(SimpleJSONPath.render("text") == "text")
        #expect(SimpleJSONPath.render(.int(42)) == "42")
        #expect(SimpleJSONPath.render(.int(-1)) == "-1")
        #expect(SimpleJSONPath.render(.double(2.5)) == "2.5")
        #expect(SimpleJSONPath.render(.bool(true)) == "true")
        #expect(SimpleJSONPath.render(.bool(false)) == "false")
        #expect(SimpleJSONPath.render(.null) == "")
    }

    @Test func renderCollectionsAsCompactJSON() {
        #expect(SimpleJSONPath.render(["a", "b"]) == #"["a","b"]"#)
        #expect(SimpleJSONPath.render(["b": 1, "a": ["<x>"]]) == #"{"a":["\u003cx\u003e"],"b":1}"#)
        #expect(SimpleJSONPath.render([]) == "[]")
    }

    @Test func renderEvaluated() {
        #expect(eval(".spec.hosts").map(SimpleJSONPath.render) == [#"["reviews.example.com","ratings.example.com"]"#])
        #expect(eval(".spec.ratio").map(SimpleJSONPath.render) == ["2.5"])
        #expect(eval(".spec.paused").map(SimpleJSONPath.render) == ["false"])
    }
}
