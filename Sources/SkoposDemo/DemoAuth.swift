/// How the console of `skopos demo` lets a user in (`--auth`).
public enum DemoAuth: String, Sendable, CaseIterable {
    /// The seed's flow: log in to east, then "Login to west".
    case openshift
    /// No login, for scripts and a quick look.
    case anonymous
}
