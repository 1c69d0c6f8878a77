public import SkoposGraph

/// Health of apps, workloads and services from their request maps and the read model's facts (`backend.md` §7.5), as
/// pure functions over Kiali's calculator (``HealthCalculator``, shared with the graph's health finalizer).
///
/// - Workload: worst(replica status, requests); app: worst(requests, each workload's replica status); service:
///   requests. `Failure` > `Degraded` > `Not Ready` > `Healthy` > `NA`.
/// - Entities that cannot carry HTTP traffic (``NamespaceHealthInput/Workload/hasHTTPTraffic``; an app when none of
///   its workloads can) keep empty requests, whatever the samples say.
/// - Tolerances: a valid `health.kiali.io/rate` annotation of the workload (pod template) or service, else the first
///   `health_config.rate` entry matching namespace, kind and name, else the last one; apps never read annotations.
/// - `requests: nil` means the rates could not be read: the entities that needed them get no `status`.
///
/// A ``HealthCalculator`` compiles and memoises its regexes; it is not `Sendable`, so make one per task and reuse it
/// for every namespace that task computes.
public enum HealthComputation {
    /// The health of each workload of a namespace, by name (the first workload of a name wins).
    public static func workloads(_ input: NamespaceHealthInput, requests: [String: RequestHealth]?, calculator: HealthCalculator) -> [String: WorkloadHealth] {
        var result: [String: WorkloadHealth] = [:]
        for w in input.uniqueWorkloads {
            var req = w.hasHTTPTraffic ? (requests?[w.name] ?? RequestHealth()) : RequestHealth()
            req.healthAnnotations = w.healthAnnotations
            let status: CalculatedHealth?
            if w.hasHTTPTraffic && requests == nil {
                status = nil
            } else {
                let tolerances = calculator.tolerances(namespace: input.namespace, name: w.name, kind: "workload", annotations: w.healthAnnotations)
                status = calculator.workloadHealth(req, replicas: w.replicas, tolerances: tolerances)
            }
            result[w.name] = WorkloadHealth(requests: req, status: status, workloadStatus: WorkloadStatus(name: w.name, replicas: w.replicas))
        }
        return result
    }

    /// The health of each app of a namespace, by app name; `workloadStatuses` sorted by workload name.
    public static func apps(_ input: NamespaceHealthInput, requests: [String: RequestHealth]?, calculator: HealthCalculator) -> [String: AppHealth] {
        var result: [String: AppHealth] = [:]
        for (name, members) in input.apps {
            let http = members.contains(where: \.hasHTTPTraffic)
            let req = http ? (requests?[name] ?? RequestHealth()) : RequestHealth()
            let statuses = members.map { WorkloadStatus(name: $0.name, replicas: $0.replicas) }.sorted { $0.name < $1.name }
            let status: CalculatedHealth?
            if http && requests == nil {
                status = nil
            } else {
                let tolerances = calculator.tolerances(namespace: input.namespace, name: name, kind: "app", annotations: [:])
                status = calculator.appHealth(req, workloads: members.map(\.replicas), tolerances: tolerances)
            }
            result[name] = AppHealth(requests: req, status: status, workloadStatuses: statuses)
        }
        return result
    }

    /// The health of each service of a namespace, by name.
    public static func services(_ input: NamespaceHealthInput, requests: [String: RequestHealth]?, calculator: HealthCalculator) -> [String: ServiceHealth] {
        var result: [String: ServiceHealth] = [:]
        for s in input.services where result[s.name] == nil {
            var req = requests?[s.name] ?? RequestHealth()
            req.healthAnnotations = s.healthAnnotations
            let status: CalculatedHealth?
            if requests == nil {
                status = nil
            } else {
                let tolerances = calculator.tolerances(namespace: input.namespace, name: s.name, kind: "service", annotations: s.healthAnnotations)
                status = calculator.serviceHealth(req, tolerances: tolerances)
            }
            result[s.name] = ServiceHealth(requests: req, status: status)
        }
        return result
    }

    /// A namespace's health for the kinds asked for. A kind whose rates were needed but failed (`nil`) is left `nil`
    /// (the cache keeps its previous value; an on-demand answer shows an empty map).
    /// - Parameters:
    ///   - appWorkloadRequests: The apps' and workloads' request maps; `nil` when their rates failed.
    ///   - serviceRequests: The services' request maps; `nil` when their rates failed.
    public static func namespace(
        _ input: NamespaceHealthInput, types: HealthTypes = .all, appWorkloadRequests: AppWorkloadRequests?, serviceRequests: [String: RequestHealth]?,
        calculator: HealthCalculator
    ) -> NamespaceHealth {
        var result = NamespaceHealth()
        let appWorkloadFailed = appWorkloadRequests == nil && input.needsAppWorkloadRates
        if types.contains(.app) && !appWorkloadFailed {
            result.apps = apps(input, requests: appWorkloadRequests?.apps ?? [:], calculator: calculator)
        }
        if types.contains(.workload) && !appWorkloadFailed {
            result.workloads = workloads(input, requests: appWorkloadRequests?.workloads ?? [:], calculator: calculator)
        }
        if types.contains(.service) && !(serviceRequests == nil && input.needsServiceRates) {
            result.services = services(input, requests: serviceRequests ?? [:], calculator: calculator)
        }
        return result
    }
}
