/// A Kubernetes group, version and kind, as Kiali writes them (`backend.md` §1.6): `{"Group":"apps","Version":"v1",
/// "Kind":"Deployment"}` as a JSON object, `apps/v1, Kind=Deployment` as text (the `gvk` query parameter and the keys of
/// Istio configuration maps).
public struct GroupVersionKind: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The API group; empty for the core group.
    public var group: String
    /// The version within the group.
    public var version: String
    /// The kind, e.g. `Deployment`.
    public var kind: String

    /// A group, version and kind.
    public init(group: String, version: String, kind: String) {
        self.group = group
        self.version = version
        self.kind = kind
    }

    /// Go's `GroupVersionKind.String()`: `<group>/<version>, Kind=<Kind>` (`/v1, Kind=Pod` for the core group).
    public var description: String { "\(group)/\(version), Kind=\(kind)" }

    /// The form Kiali uses as a map key (§1.6): `<group>/<version>, Kind=<Kind>`, or just the kind when the group is
    /// empty.
    public var mapKey: String { group.isEmpty ? kind : description }

    /// Reads `<group>/<version>, Kind=<Kind>`; the group may be empty (`/v1, Kind=Pod`) or left out (`v1, Kind=Pod`).
    /// - Returns: `nil` when the text does not have that form or a part is empty (the group excepted).
    public init?(parsing text: String) {
        let marker = ", Kind="
        guard let range = text.firstRange(of: marker) else { return nil }
        let groupVersion = text[..<range.lowerBound]
        let kind = String(text[range.upperBound...])
        let group: Substring
        let version: Substring
        if let slash = groupVersion.lastIndex(of: "/") {
            group = groupVersion[..<slash]
            version = groupVersion[groupVersion.index(after: slash)...]
        } else {
            group = ""
            version = groupVersion
        }
        func plain(_ s: Substring) -> Bool { !s.contains(" ") && !s.contains(",") && !s.contains("/") && !s.contains("=") }
        guard !version.isEmpty, !kind.isEmpty, plain(group), plain(version), plain(kind[...]) else { return nil }
        self.init(group: String(group), version: String(version), kind: kind)
    }

    public static func < (a: Self, b: Self) -> Bool { (a.group, a.version, a.kind) < (b.group, b.version, b.kind) }
}

extension GroupVersionKind {
    /// `apps/v1, Kind=Deployment`.
    public static let deployment = Self(group: "apps", version: "v1", kind: "Deployment")
    /// `apps/v1, Kind=ReplicaSet`.
    public static let replicaSet = Self(group: "apps", version: "v1", kind: "ReplicaSet")
    /// `apps/v1, Kind=StatefulSet`.
    public static let statefulSet = Self(group: "apps", version: "v1", kind: "StatefulSet")
    /// `apps/v1, Kind=DaemonSet`.
    public static let daemonSet = Self(group: "apps", version: "v1", kind: "DaemonSet")
    /// `/v1, Kind=Pod`.
    public static let pod = Self(group: "", version: "v1", kind: "Pod")
}
