import Foundation
import Hummingbird
import KubeClient
import KubeTypes
import SkoposBusiness
import SkoposModel

/// Istio configuration and mTLS (`backend.md` §2.4, §2.7, §2.8): the lists and details of Istio objects, the
/// validation summaries (counts only until validations exist), and the mTLS status of namespaces and of the mesh;
/// from the read model, limited to what the viewer may see.
enum IstioConfigRoutes {
    static func add(to router: some RouterMethods<ConsoleContext>, console: Console, prefix: String) {
        router.get("\(prefix)api/namespaces/:namespace/istio") { request, context in
            let ns = context.parameters.get("namespace") ?? ""
            return await answer(console, request, context, route: .namespaceList) { config, options, _ throws(IstioConfigError) in
                IstioConfigJSON.list(try config.list(namespace: ns, options: options))
            }
        }
        router.get("\(prefix)api/istio/config") { request, context in
            await answer(console, request, context, route: .clusterList) { config, options, _ throws(IstioConfigError) in
                IstioConfigJSON.list(try config.list(namespace: nil, options: options))
            }
        }
        router.get("\(prefix)api/namespaces/:namespace/istio/:group/:version/:kind/:object") { request, context in
            let p = context.parameters
            let ns = p.get("namespace") ?? "", group = p.get("group") ?? "", version = p.get("version") ?? "", kind = p.get("kind") ?? ""
            let name = p.get("object") ?? ""
            let permissions = await permissions(
                console, context, clusterName: request.uri.queryParameters.get("clusterName"), namespace: ns, group: group, version: version, kind: kind)
            return await answer(console, request, context, route: .details) { config, _, _ throws(IstioConfigError) in
                IstioConfigJSON.details(try config.details(namespace: ns, group: group, version: version, kind: kind, name: name, permissions: permissions))
            }
        }
        router.get("\(prefix)api/istio/validations") { request, context in
            await answer(console, request, context, route: .validations) { config, options, _ in
                IstioConfigJSON.summaries(config.validationSummaries(namespaces: options.namespaces))
            }
        }
        router.get("\(prefix)api/namespaces/:namespace/validations") { request, context in
            let ns = context.parameters.get("namespace") ?? ""
            return await answer(console, request, context, route: .namespaceValidations) { config, _, _ throws(IstioConfigError) in
                IstioConfigJSON.summary(try config.validationSummary(namespace: ns))
            }
        }
        router.get("\(prefix)api/clusters/tls") { request, context in
            await answer(console, request, context, route: .clustersTLS) { config, options, settings in
                IstioConfigJSON.tls(config.clustersTLS(namespaces: options.namespaces, index: config.tlsIndex(settings: settings)))
            }
        }
        router.get("\(prefix)api/namespaces/:namespace/tls") { request, context in
            let ns = context.parameters.get("namespace") ?? ""
            return await answer(console, request, context, route: .namespaceTLS) { config, _, settings throws(IstioConfigError) in
                IstioConfigJSON.tls(try config.namespaceTLS(ns, index: config.tlsIndex(settings: settings)))
            }
        }
        router.get("\(prefix)api/mesh/tls") { request, context in
            await answer(console, request, context, route: .meshTLS) { config, _, settings in
                IstioConfigJSON.tls(config.meshTLS(settings: settings))
            }
        }
    }

    /// Parses, finds the cluster (404 unknown; 503 unreachable with nothing cached), builds the viewer's view of it and
    /// renders with `render`, given the mesh's TLS settings (root namespace: where the cluster's istiod runs).
    static func answer(
        _ console: Console, _ request: Request, _ context: ConsoleContext, route: IstioConfigOptions.Route,
        render: (IstioConfig, IstioConfigOptions, MeshTLSSettings) throws(IstioConfigError) -> [UInt8]
    ) async -> Response {
        let options: IstioConfigOptions
        do {
            options = try IstioConfigOptions.parse(QueryString.parse(request.uri.query ?? ""), route: route, strict: console.config.server.strictQueryParams)
        } catch {
            return ErrorResponse.json(.init(code: error.status), error.message)
        }
        let clusterName = options.clusterName.flatMap { $0.isEmpty ? nil : $0 } ?? console.authenticator.home?.name ?? ""
        guard let cluster = console.registry.cluster(clusterName) else {
            return ErrorResponse.json(.notFound, "cluster [\(clusterName)] is not known to this console")
        }
        if !cluster.status.synced && cluster.snapshot().namespaces.isEmpty {
            return ErrorResponse.json(.serviceUnavailable, "cluster [\(clusterName)] is unreachable: \(cluster.status.lastError ?? "not synced yet")")
        }
        let access = await console.access(for: context.viewer)
        guard access.covers(cluster: clusterName) else {
            return ErrorResponse.json(.forbidden, "no session for cluster [\(clusterName)]: log in to it first")
        }
        let snapshot = cluster.snapshot()
        let visible = Set(snapshot.namespaces.filter { console.isVisible(access, cluster: clusterName, namespace: $0) }.map(\.metadata.name))
        let root = ControlPlaneProbe.istiods(snapshot).compactMap(\.metadata.namespace).sorted().first ?? console.config.deployment.namespace
        do {
            return ErrorResponse.bytes(try render(IstioConfig(snapshot, visibleNamespaces: visible), options, MeshTLSSettings(rootNamespace: root)))
        } catch {
            return ErrorResponse.json(.init(code: error.status), error.message)
        }
    }

    /// What the viewer may do with objects of a type in a namespace (SelfSubjectAccessReviews with their own token on
    /// that cluster; the console's own for the anonymous viewer); all false in view-only mode or when the cluster
    /// cannot say.
    static func permissions(
        _ console: Console, _ context: ConsoleContext, clusterName: String?, namespace: String, group: String, version: String, kind: String
    ) async -> ResourcePermissions {
        guard !console.config.deployment.viewOnlyMode else { return ResourcePermissions() }
        let name = clusterName.flatMap { $0.isEmpty ? nil : $0 } ?? console.authenticator.home?.name ?? ""
        guard let cluster = console.registry.cluster(name), cluster.status.reachable else { return ResourcePermissions() }
        var credentials: RequestCredentials?
        if case .user(let user) = context.viewer {
            guard let credential = user.clusters[name] else { return ResourcePermissions() }
            credentials = credential.requestCredentials
        }
        let lower = kind.lowercased()
        let resource =
            (try? IstioConfigType.named(group: group, version: version, kind: kind))?.cached?.resource.resource
            ?? (lower.hasSuffix("y") ? lower.dropLast() + "ies" : lower.hasSuffix("s") ? lower + "es" : lower + "s")
        async let create = try? cluster.connection.canI(verb: "create", group: group, resource: resource, namespace: namespace, credentials: credentials)
        async let update = try? cluster.connection.canI(verb: "patch", group: group, resource: resource, namespace: namespace, credentials: credentials)
        async let delete = try? cluster.connection.canI(verb: "delete", group: group, resource: resource, namespace: namespace, credentials: credentials)
        return ResourcePermissions(create: await create ?? false, update: await update ?? false, delete: await delete ?? false)
    }
}
