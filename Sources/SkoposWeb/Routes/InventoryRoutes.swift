import Foundation
import Hummingbird
import KubeClient
import KubeTypes
import SkoposBusiness

/// Kiali's cluster-wide lists and details pages (`backend.md` §2.5, §2.6): `/api/clusters/{apps,workloads,services}`
/// and `/api/namespaces/{ns}/{apps,workloads,services}/{name}`, from the read model, filtered to what the viewer may
/// see, with health from the health cache.
enum InventoryRoutes {
    static func add(to router: some RouterMethods<ConsoleContext>, console: Console, prefix: String) {
        router.get("\(prefix)api/clusters/apps") { request, context in
            await answer(console, request, context, route: .appList) { inventory, options, health in
                InventoryJSON.apps(inventory.apps(options), health: health)
            }
        }
        router.get("\(prefix)api/clusters/workloads") { request, context in
            await answer(console, request, context, route: .workloadList) { inventory, options, health in
                InventoryJSON.workloads(inventory.workloads(options), health: health)
            }
        }
        router.get("\(prefix)api/clusters/services") { request, context in
            await answer(console, request, context, route: .serviceList) { inventory, options, health in
                InventoryJSON.services(inventory.services(options), health: health, validations: nil)
            }
        }
        router.get("\(prefix)api/namespaces/:namespace/apps/:app") { request, context in
            let ns = context.parameters.get("namespace") ?? "", name = context.parameters.get("app") ?? ""
            return await answer(console, request, context, route: .appDetails) { inventory, options, health throws(InventoryError) in
                InventoryJSON.app(try inventory.app(namespace: ns, name: name, options: options), health: health)
            }
        }
        router.get("\(prefix)api/namespaces/:namespace/workloads/:workload") { request, context in
            let ns = context.parameters.get("namespace") ?? "", name = context.parameters.get("workload") ?? ""
            return await answer(console, request, context, route: .workloadDetails) { inventory, options, health throws(InventoryError) in
                InventoryJSON.workload(try inventory.workload(namespace: ns, name: name, options: options), health: health, validations: nil)
            }
        }
        router.get("\(prefix)api/namespaces/:namespace/services/:service") { request, context in
            let ns = context.parameters.get("namespace") ?? "", name = context.parameters.get("service") ?? ""
            return await answer(console, request, context, route: .serviceDetails) { inventory, options, health throws(InventoryError) in
                InventoryJSON.service(try inventory.service(namespace: ns, name: name, options: options), health: health, validations: nil)
            }
        }
    }

    /// Parses the parameters, finds the cluster (404 unknown, 503 unreachable), builds the viewer's inventory of it
    /// and renders with `render`.
    static func answer(
        _ console: Console, _ request: Request, _ context: ConsoleContext, route: InventoryOptions.Route,
        render: (Inventory, InventoryOptions, InventoryHealth) throws(InventoryError) -> [UInt8]
    ) async -> Response {
        let options: InventoryOptions
        do {
            options = try InventoryOptions.parse(
                QueryString.parse(request.uri.query ?? ""), route: route, now: Int64(Date().timeIntervalSince1970), strict: console.config.server.strictQueryParams)
        } catch {
            return ErrorResponse.json(.init(code: error.status), error.message)
        }
        let clusterName = options.clusterName.flatMap { $0.isEmpty ? nil : $0 } ?? console.authenticator.home?.name ?? ""
        guard let cluster = console.registry.cluster(clusterName) else {
            return ErrorResponse.json(.notFound, "cluster [\(clusterName)] is not known to this console")
        }
        let isDetails = [.appDetails, .workloadDetails, .serviceDetails].contains(route)
        if isDetails && !cluster.status.reachable {
            return ErrorResponse.json(.serviceUnavailable, "cluster [\(clusterName)] is unreachable: \(cluster.status.lastError ?? "no answer")")
        }
        let access = await console.access(for: context.viewer)
        let snapshot = cluster.snapshot()
        let visible = Set(snapshot.namespaces.filter { console.isVisible(access, cluster: clusterName, namespace: $0) }.map(\.metadata.name))
        let inventory = Inventory(snapshot, visibleNamespaces: visible)
        var byNamespace: [String: NamespaceHealth] = [:]
        if options.health {
            for (ns, entry) in console.health.entries(cluster: clusterName) where visible.contains(ns) { byNamespace[ns] = entry.health }
        }
        do {
            return ErrorResponse.bytes(try render(inventory, options, options.health ? .namespaces(byNamespace) : .none))
        } catch {
            return ErrorResponse.json(.init(code: error.status), error.message)
        }
    }
}
