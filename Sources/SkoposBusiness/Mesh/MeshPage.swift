public import KubeClient
import KubeTypes
public import SkoposGraph

/// The mesh page's data (`GET /api/mesh/graph`, `GET /api/mesh/controlplanes`; `backend.md` §2.8, §5.5) from the
/// read model plus the caller's I/O: one discovery per refresh, filtered per viewer, written as Kiali's JSON.
///
/// ```swift
/// let mesh = registry.snapshot()
/// let istiods = MeshPage.istiods(mesh)                       // GET each Deployment, /version and /ready (I/O)
/// let inputs = MeshDiscovery.Inputs(clusters: MeshPage.clusters(mesh), istiodSpecs: specs, probes: probes,
///                                   kiali: kiali, addOns: addOns)
/// let model = MeshPage.model(mesh, inputs: inputs)           // cache it (Kiali: 20 s)
/// let body = MeshPage.graphJSON(model, options: options) { cluster, ns in viewer.sees(cluster, ns) }
/// ```
public enum MeshPage {
    /// The istiods of every cluster: what the caller reads before discovery (the Deployment's container, `/version`,
    /// `/ready`), keyed as ``MeshDiscovery/Inputs`` expects.
    public static func istiods(_ snapshot: MeshSnapshot) -> [IstiodKey] {
        MeshDiscovery.istiods(MeshClusterObjects.all(snapshot))
    }

    /// The clusters the console knows (`backend.md` §5.4), home first: one per cluster of the registry (with its
    /// Kiali instances, reachability and Kubernetes version), then the `clustering.clusters` entries without a client.
    /// - Parameter configured: `clustering.clusters` names with their `secret_name`; a name the registry already
    ///   has is skipped. With a secret name the cluster is `accessible` (Kiali's meaning), without one it is not.
    public static func clusters(_ snapshot: MeshSnapshot, configured: [(name: String, secretName: String?)] = []) -> [MeshCluster] {
        var out = snapshot.clusters.map { c in
            MeshCluster(status: c.status, objects: MeshClusterObjects(cluster: c.name, services: c.list(.services)))
        }
        for entry in configured where !out.contains(where: { $0.name == entry.name }) {
            out.append(MeshCluster(name: entry.name, accessible: entry.secretName != nil, secretName: entry.secretName ?? ""))
        }
        return out
    }

    /// Discovers the mesh from the read model.
    public static func model(_ snapshot: MeshSnapshot, inputs: MeshDiscovery.Inputs) -> MeshModel {
        MeshDiscovery.discover(MeshClusterObjects.all(snapshot), inputs: inputs)
    }

    /// Discovers the mesh from clusters' objects (tests, or a caller with its own lists).
    public static func model(_ objects: [MeshClusterObjects], inputs: MeshDiscovery.Inputs) -> MeshModel {
        MeshDiscovery.discover(objects, inputs: inputs)
    }

    /// `GET /api/mesh/graph` for one viewer.
    /// - Parameters:
    ///   - model: the discovered mesh.
    ///   - options: the parsed parameters (``MeshGraphOptions/parse(_:now:)``).
    ///   - isVisible: whether the viewer may see a namespace of a cluster.
    public static func graphJSON(
        _ model: MeshModel,
        options: MeshGraphOptions,
        isVisible: (_ cluster: String, _ namespace: String) -> Bool
    ) -> [UInt8] {
        MeshGraphBuilder.json(model.visible(to: isVisible), options: options)
    }

    /// `GET /api/mesh/controlplanes` for one viewer.
    public static func controlPlanesJSON(_ model: MeshModel, isVisible: (_ cluster: String, _ namespace: String) -> Bool) -> [UInt8] {
        ControlPlaneListing.json(ControlPlaneListing.controlPlanes(model, isVisible: isVisible))
    }
}
