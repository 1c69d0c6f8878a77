/// The console settings the inventory reads: Kiali's `istio_labels` and `kubernetes_config.excluded_workloads`.
public struct InventorySettings: Sendable, Hashable {
    /// `istio_labels.app_label_name`; `nil` (or empty) resolves the app label as Istio does: ``defaultAppLabels`` in
    /// order.
    public var appLabelName: String?
    /// `istio_labels.version_label_name`; `nil` (or empty) resolves the version label as Istio does:
    /// ``defaultVersionLabels`` in order.
    public var versionLabelName: String?
    /// `kubernetes_config.excluded_workloads`: workload kinds not listed (a pod controlled by one is not listed either).
    public var excludedWorkloads: Set<String>

    /// The app labels Istio reads for its canonical service, in precedence order (`backend.md` §2.5).
    public static let defaultAppLabels = ["service.istio.io/canonical-name", "app.kubernetes.io/name", "app"]
    /// The version labels Istio reads for its canonical revision, in precedence order.
    public static let defaultVersionLabels = ["service.istio.io/canonical-revision", "app.kubernetes.io/version", "version"]

    /// Settings; by default Istio's label resolution and Kiali's default excluded kinds.
    public init(
        appLabelName: String? = nil, versionLabelName: String? = nil,
        excludedWorkloads: Set<String> = ["CronJob", "DeploymentConfig", "Job", "ReplicationController"]
    ) {
        self.appLabelName = appLabelName
        self.versionLabelName = versionLabelName
        self.excludedWorkloads = excludedWorkloads
    }

    /// The label names an app name is read from, in precedence order.
    public var appLabels: [String] {
        if let name = appLabelName, !name.isEmpty { return [name] }
        return Self.defaultAppLabels
    }

    /// The label names a version is read from, in precedence order.
    public var versionLabels: [String] {
        if let name = versionLabelName, !name.isEmpty { return [name] }
        return Self.defaultVersionLabels
    }

    /// The app a set of labels (pod labels, or a Service's selector) names: the first non-empty app label.
    public func app(_ labels: [String: String]) -> String? {
        for key in appLabels { if let v = labels[key], !v.isEmpty { return v } }
        return nil
    }

    /// The version a set of labels names: the first non-empty version label.
    public func version(_ labels: [String: String]) -> String? {
        for key in versionLabels { if let v = labels[key], !v.isEmpty { return v } }
        return nil
    }
}
