public import SkoposGraph

/// `GET /api/mesh/controlplanes` (`backend.md` §2.8): the control planes whose istiod namespace the viewer may see.
public enum ControlPlaneListing {
    /// The control planes a viewer may see, in discovery order (clusters home first, then namespace and name), each
    /// with only the managed namespaces the viewer may see.
    public static func controlPlanes(_ model: MeshModel, isVisible: (_ cluster: String, _ namespace: String) -> Bool) -> [ControlPlane] {
        model.visible(to: isVisible).controlPlanes
    }

    /// The list as Go's indented JSON; `[]` when there is none.
    public static func json(_ controlPlanes: [ControlPlane]) -> [UInt8] {
        ControlPlane.json(controlPlanes)
    }
}
