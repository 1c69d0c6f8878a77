/// The ends Kiali writes for a waypoint's return edge (`fromEdge`). [COMPAT] Kiali writes the outer edge's source as
/// both source and target (a probable upstream bug, `graph.md` §10.3); kept in this one place so it can be corrected
/// once the UI's use of these fields is confirmed.
enum WaypointFromEdge {
    static func ends(outerSource: String, returnSource: String, returnTarget: String) -> (source: String, target: String) {
        (outerSource, outerSource)
    }
}
