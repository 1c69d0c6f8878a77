import ArgumentParser
import SkoposDemo

/// `--auth` of `skopos demo`, as the command line names it, so that `--help` lists the values and a bad one is refused
/// with the list.
enum AuthOption: String, CaseIterable, ExpressibleByArgument {
    case openshift
    case anonymous

    /// How the demo's console lets users in.
    var auth: DemoAuth {
        switch self {
        case .openshift: .openshift
        case .anonymous: .anonymous
        }
    }
}
