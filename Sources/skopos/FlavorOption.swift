import ArgumentParser
import KubeSim

/// `--flavor`: the simulated clusters' flavor, as the command line names it, so that `--help` lists the values and a
/// bad one is refused with the list.
enum FlavorOption: String, CaseIterable, ExpressibleByArgument {
    case openshift
    case kubernetes

    /// The simulator's flavor.
    var flavor: ClusterFlavor {
        switch self {
        case .openshift: .openshift
        case .kubernetes: .kubernetes
        }
    }
}
