/// The Istio and Gateway API kinds appenders read.
public enum IstioKind: String, Sendable, Hashable, CaseIterable {
    case destinationRules, virtualServices, gateways, serviceEntries, workloadEntries, k8sGateways
}
