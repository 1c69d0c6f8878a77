import Hummingbird
import KubeClient
import KubeTypes
import SkoposBusiness
import SkoposModel

/// `GET /api/namespaces` (`backend.md` §2.4): the namespaces of every cluster the viewer may see, each with its
/// cluster, from the read model.
enum NamespaceRoutes {
    static func add(to router: Router<BasicRequestContext>, console: Console, prefix: String) {
        router.get("\(prefix)api/namespaces") { _, _ -> Response in
            let snapshot = console.registry.snapshot()
            let visibility = console.visibility
            do {
                let list = try NamespaceListing.list(snapshot) { cluster, ns in
                    visibility.isVisible(cluster: cluster, namespace: ns.metadata.name, labels: ns.metadata.labels)
                }
                return ErrorResponse.bytes(json(list))
            } catch {
                return ErrorResponse.json(.internalServerError, "\(error)")
            }
        }
    }

    /// Kiali's field order.
    static func json(_ list: [NamespaceInfo]) -> [UInt8] {
        var w = GoJSONWriter()
        w.beginArray()
        for ns in list {
            w.beginObject()
            w.member("name", ns.name)
            w.member("cluster", ns.cluster)
            w.key("isAmbient")
            w.bool(ns.isAmbient)
            w.key("isControlPlane")
            w.bool(ns.isControlPlane)
            w.key("labels")
            w.value(.object(ns.labels.mapValues { .string($0) }))
            w.key("annotations")
            w.value(.object(ns.annotations.mapValues { .string($0) }))
            w.member("revision", ns.revision)
            w.endObject()
        }
        w.endArray()
        return w.bytes
    }
}
