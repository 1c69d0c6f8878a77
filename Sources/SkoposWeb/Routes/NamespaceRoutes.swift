import Hummingbird
import KubeClient
import KubeTypes
import SkoposBusiness
import SkoposModel

/// `GET /api/namespaces` (`backend.md` §2.4): the namespaces of every cluster the viewer may see, each with its
/// cluster, from the read model.
enum NamespaceRoutes {
    static func add(to router: some RouterMethods<ConsoleContext>, console: Console, prefix: String) {
        router.get("\(prefix)api/namespaces") { _, context -> Response in
            let access = await console.access(for: context.viewer)
            let snapshot = console.registry.snapshot()
            do {
                let list = try NamespaceListing.list(snapshot) { cluster, ns in console.isVisible(access, cluster: cluster, namespace: ns) }
                return ErrorResponse.bytes(NamespaceListing.json(list))
            } catch {
                return ErrorResponse.json(.internalServerError, "\(error)")
            }
        }
        addInfo(to: router, console: console, prefix: prefix)
    }

    /// One namespace: `GET /api/namespaces/{namespace}/info?clusterName=` (the home cluster when omitted).
    static func addInfo(to router: some RouterMethods<ConsoleContext>, console: Console, prefix: String) {
        router.get("\(prefix)api/namespaces/:namespace/info") { request, context -> Response in
            let name = context.parameters.get("namespace") ?? ""
            let clusterName = request.uri.queryParameters.get("clusterName").flatMap { $0.isEmpty ? nil : $0 }
            let access = await console.access(for: context.viewer)
            let snapshot = console.registry.snapshot()
            let target = clusterName ?? snapshot.home?.name ?? ""
            // A cluster the viewer has no session for, or a namespace they may not see: 403 (Kiali answers 500),
            // before anything about the cluster itself is told.
            if snapshot.cluster(target) != nil, !access.covers(cluster: target) {
                return ErrorResponse.json(.forbidden, "no session for cluster [\(target)]: log in to it first")
            }
            if let ns = snapshot.cluster(target)?.namespace(name), !console.isVisible(access, cluster: target, namespace: ns) {
                return ErrorResponse.json(.forbidden, "Cannot access namespace data: namespace [\(name)] in cluster [\(target)] is not accessible")
            }
            do {
                let ns = try NamespaceListing.namespace(name, cluster: clusterName, in: snapshot) { cluster, ns in
                    console.isVisible(access, cluster: cluster, namespace: ns)
                }
                return ErrorResponse.bytes(NamespaceListing.json(ns))
            } catch let failure as NamespaceListing.LookupFailure {
                switch failure {
                case .unknownCluster(let c): return ErrorResponse.json(.notFound, "cluster [\(c)] is not known to this console")
                case .unreachable(let c, let reason): return ErrorResponse.json(.serviceUnavailable, "cluster [\(c)] is unreachable: \(reason)")
                case .notFound(let n, let c): return ErrorResponse.json(.notFound, "namespace [\(n)] not found in cluster [\(c)]")
                }
            } catch {
                return ErrorResponse.json(.internalServerError, "\(error)")
            }
        }
    }
}
