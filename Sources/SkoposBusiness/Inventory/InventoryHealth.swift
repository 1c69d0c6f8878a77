/// Where the `health` of each app, workload and service comes from when the inventory JSON is written. Health is
/// computed elsewhere (the health cache, or on demand, `backend.md` §7); the writers only place it. An item without a
/// value gets Kiali's empty health of its kind (`EmptyAppHealth` and friends): empty request maps, no status.
///
/// ```swift
/// // From the health cache's entry of each namespace:
/// let health = InventoryHealth.namespaces(["bookinfo": entry.health])
/// // From a pre-rendered fragment per item:
/// let raw = InventoryHealth { kind, namespace, name in .json(bytes[name]!) }
/// ```
public struct InventoryHealth: Sendable {
    /// One item's health.
    public enum Value: Sendable, Hashable {
        /// An app's health (written for apps).
        case app(AppHealth)
        /// A workload's health (written for workloads).
        case workload(WorkloadHealth)
        /// A service's health (written for services).
        case service(ServiceHealth)
        /// A JSON value written elsewhere, inserted as is (compact or two-space indented text both fit).
        case json([UInt8])
    }

    /// The health of an item of a kind in a namespace; `nil` for none.
    public var lookup: @Sendable (_ kind: HealthEntityKind, _ namespace: String, _ name: String) -> Value?

    /// Health from a function.
    public init(_ lookup: @escaping @Sendable (_ kind: HealthEntityKind, _ namespace: String, _ name: String) -> Value?) {
        self.lookup = lookup
    }

    /// No health: every item gets the empty health of its kind (the `health=false` answer).
    public static var none: Self { Self { _, _, _ in nil } }

    /// Health from computed namespace health (a health cache entry's `health`, or an on-demand computation), by
    /// namespace name.
    public static func namespaces(_ byNamespace: [String: NamespaceHealth]) -> Self {
        Self { kind, namespace, name in
            guard let ns = byNamespace[namespace] else { return nil }
            switch kind {
            case .app: return ns.apps?[name].map(Value.app)
            case .workload: return ns.workloads?[name].map(Value.workload)
            case .service: return ns.services?[name].map(Value.service)
            }
        }
    }
}
