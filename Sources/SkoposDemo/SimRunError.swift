/// Why `skopos sim` cannot start: the message names the option or file at fault.
public enum SimRunError: Error, CustomStringConvertible {
    /// The simulator refused the options: a bad cluster name, an unreadable users file, an unusable directory.
    case simulator(any Error)
    /// The scenario does not fit the simulated clusters.
    case mesh(any Error)

    /// The underlying error's message; for the mesh, with the options that change the choice.
    public var description: String {
        switch self {
        case .simulator(let error): "\(error)"
        case .mesh(let error): "\(error) (choose them with --clusters, or use --no-mesh)"
        }
    }
}
