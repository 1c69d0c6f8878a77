@testable import KubeClient
import KubeTypes
import SkoposModel
import Testing

/// A small stand-in for a Kubernetes object.
private struct TestPod: Sendable, Equatable {
    var name: String
    var resourceVersion: String
}

private func key(_ namespace: String, _ name: String) -> ObjectKey {
    ObjectKey(namespace: namespace, name: name)
}

private func entry(_ namespace: String, _ name: String, rv: String = "1") -> (ObjectKey, TestPod) {
    (key(namespace, name), TestPod(name: name, resourceVersion: rv))
}

@Suite struct ObjectStoreTests {
    // MARK: - ObjectKey

    @Test func keysOrderByNamespaceThenName() {
        let keys = [key("b", "a"), key("a", "z"), key("", "node-1"), key("a", "b")]
        #expect(keys.sorted() == [key("", "node-1"), key("a", "b"), key("a", "z"), key("b", "a")])
    }

    @Test func keyDescriptionAndParsing() {
        #expect(key("default", "web").description == "default/web")
        #expect(key("", "node-1").description == "node-1")
        #expect(ObjectKey(string: "default/web") == key("default", "web"))
        #expect(ObjectKey(string: "node-1") == key("", "node-1"))
        #expect(ObjectKey(string: "a/b/c") == nil)
        #expect(ObjectKey(string: "") == nil)
        #expect(ObjectKey(string: "ns/") == nil)
    }

    @Test func keyFromUnstructuredObject() throws {
        let pod = try JSONParser.parse(#"{"kind":"TestPod","metadata":{"namespace":"default","name":"web-1"}}"#)
        #expect(ObjectKey(pod) == key("default", "web-1"))
        let node = try JSONParser.parse(#"{"kind":"Node","metadata":{"name":"node-1"}}"#)
        #expect(ObjectKey(node) == key("", "node-1"))
        #expect(ObjectKey(try JSONParser.parse(#"{"metadata":{"generateName":"x-"}}"#)) == nil)
        #expect(ObjectKey(JSONValue.string("x")) == nil)
    }

    // MARK: - replace

    @Test func firstReplaceAddsEverythingAndSyncs() {
        let store = ObjectStore<TestPod>()
        #expect(!store.isSynced)
        #expect(store.resourceVersion == "")
        let changes = store.replace([entry("a", "x"), entry("a", "y"), entry("b", "x")], resourceVersion: "10")
        #expect(changes.map(\.key) == [key("a", "x"), key("a", "y"), key("b", "x")])
        #expect(changes.allSatisfy { if case .added = $0 { true } else { false } })
        #expect(store.isSynced)
        #expect(store.resourceVersion == "10")
        #expect(store.count == 3)
    }

    @Test func replaceReportsDeletesThenAddsAndUpdates() {
        let store = ObjectStore<TestPod>()
        store.replace([entry("a", "x"), entry("a", "y"), entry("b", "z"), entry("", "n")], resourceVersion: "10")
        let changes = store.replace([entry("a", "y", rv: "2"), entry("c", "new")], resourceVersion: "20")
        #expect(changes == [
            .deleted(key("", "n"), TestPod(name: "n", resourceVersion: "1")),
            .deleted(key("a", "x"), TestPod(name: "x", resourceVersion: "1")),
            .deleted(key("b", "z"), TestPod(name: "z", resourceVersion: "1")),
            .updated(key("a", "y"), TestPod(name: "y", resourceVersion: "2")),
            .added(key("c", "new"), TestPod(name: "new", resourceVersion: "1")),
        ])
        #expect(store.keys() == [key("a", "y"), key("c", "new")])
        #expect(store.namespaces == ["a", "c"])
        #expect(store.list(namespace: "b").isEmpty)
        #expect(store.resourceVersion == "20")
    }

    @Test func replaceWithEmptyListDeletesEverything() {
        let store = ObjectStore<TestPod>()
        store.replace([entry("a", "x"), entry("a", "y")], resourceVersion: "1")
        let changes = store.replace([], resourceVersion: "2")
        #expect(changes.map(\.key) == [key("a", "x"), key("a", "y")])
        #expect(store.count == 0)
        #expect(store.namespaces.isEmpty)
        #expect(store.isSynced)
    }

    @Test func replaceSkipsUnchangedObjectsWhenToldHow() {
        let store = ObjectStore<TestPod>(isUnchanged: { $0.resourceVersion == $1.resourceVersion })
        store.replace([entry("a", "x"), entry("a", "y")], resourceVersion: "1")
        let changes = store.replace([entry("a", "x"), entry("a", "y", rv: "5")], resourceVersion: "5")
        #expect(changes == [.updated(key("a", "y"), TestPod(name: "y", resourceVersion: "5"))])
    }

    @Test func replaceWithRepeatedKeyKeepsTheLast() {
        let store = ObjectStore<TestPod>()
        store.replace([entry("a", "x", rv: "1"), entry("a", "x", rv: "2")], resourceVersion: "2")
        #expect(store.get(key("a", "x"))?.resourceVersion == "2")
        #expect(store.count == 1)
    }

    // MARK: - apply

    @Test func applyAddUpdateDelete() {
        let store = ObjectStore<TestPod>()
        let pod = TestPod(name: "x", resourceVersion: "1")
        #expect(store.apply(.added(key("a", "x"), pod), resourceVersion: "1") == .added(key("a", "x"), pod))
        let newer = TestPod(name: "x", resourceVersion: "2")
        #expect(store.apply(.updated(key("a", "x"), newer), resourceVersion: "2") == .updated(key("a", "x"), newer))
        #expect(store.get(key("a", "x")) == newer)
        #expect(store.resourceVersion == "2")
        let last = TestPod(name: "x", resourceVersion: "3")
        #expect(store.apply(.deleted(key("a", "x"), last), resourceVersion: "3") == .deleted(key("a", "x"), last))
        #expect(store.get(key("a", "x")) == nil)
        #expect(store.count == 0)
        #expect(store.namespaces.isEmpty)
        #expect(store.resourceVersion == "3")
    }

    @Test func applyReportsTheEffectiveChange() {
        let store = ObjectStore<TestPod>()
        let pod = TestPod(name: "x", resourceVersion: "1")
        #expect(store.apply(.updated(key("a", "x"), pod)) == .added(key("a", "x"), pod))
        #expect(store.apply(.added(key("a", "x"), pod)) == .updated(key("a", "x"), pod))
        #expect(store.apply(.deleted(key("a", "missing"), pod)) == nil)
        #expect(store.count == 1)
    }

    @Test func applySkipsUnchangedObjectsWhenToldHow() {
        let store = ObjectStore<TestPod>(isUnchanged: { $0 == $1 })
        let pod = TestPod(name: "x", resourceVersion: "1")
        store.apply(.added(key("a", "x"), pod))
        #expect(store.apply(.updated(key("a", "x"), pod)) == nil)
    }

    @Test func resourceVersionIgnoresEmptyValues() {
        let store = ObjectStore<TestPod>()
        store.replace([], resourceVersion: "5")
        store.apply(.added(key("a", "x"), TestPod(name: "x", resourceVersion: "")), resourceVersion: "")
        #expect(store.resourceVersion == "5")
        store.setResourceVersion("9")
        #expect(store.resourceVersion == "9")
        store.setResourceVersion("")
        #expect(store.resourceVersion == "9")
    }

    // MARK: - Reads

    @Test func listIsSortedAndFiltersByNamespace() {
        let store = ObjectStore<TestPod>()
        store.replace([entry("b", "q"), entry("a", "z"), entry("", "node"), entry("a", "c"), entry("b", "a")], resourceVersion: "1")
        #expect(store.list().map(\.name) == ["node", "c", "z", "a", "q"])
        #expect(store.list(namespace: "a").map(\.name) == ["c", "z"])
        #expect(store.list(namespace: "").map(\.name) == ["node"])
        #expect(store.list(namespace: "none").isEmpty)
        #expect(store.keys(namespace: "b") == [key("b", "a"), key("b", "q")])
        #expect(store.namespaces == ["", "a", "b"])
    }

    @Test func snapshotIsNotAffectedByLaterWrites() {
        let store = ObjectStore<TestPod>()
        store.replace([entry("a", "x")], resourceVersion: "1")
        let snapshot = store.contents
        store.apply(.deleted(key("a", "x"), TestPod(name: "x", resourceVersion: "2")))
        store.apply(.added(key("a", "y"), TestPod(name: "y", resourceVersion: "3")))
        #expect(snapshot.list() == [TestPod(name: "x", resourceVersion: "1")])
        #expect(snapshot.count == 1)
        #expect(store.contents.keys() == [key("a", "y")])
    }

    @Test func concurrentWritersAndReadersSeeConsistentCounts() async {
        let store = ObjectStore<TestPod>()
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    for i in 0..<250 {
                        store.apply(.added(key("ns\(worker)", "p\(i)"), TestPod(name: "p\(i)", resourceVersion: "\(i)")))
                        let snapshot = store.contents
                        #expect(snapshot.count >= i + 1)
                        #expect(snapshot.count(namespace: "ns\(worker)") == i + 1)
                    }
                }
            }
        }
        #expect(store.count == 1000)
        #expect(store.list(namespace: "ns2").count == 250)
    }
}
