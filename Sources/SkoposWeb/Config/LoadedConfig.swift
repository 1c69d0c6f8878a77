/// A loaded `config.yaml`: the configuration and what the loader has to say about the file.
public struct LoadedConfig: Sendable, Equatable {
    /// The configuration: Kiali's defaults with the file's values merged over them.
    public var config: KialiConfig
    /// One line per unknown key, removed key or deprecated key, in document order, e.g.
    /// `unknown key server.prot in /kiali-configuration/config.yaml (line 3)`. Log them at start-up.
    public var warnings: [String]

    /// A loaded configuration.
    public init(config: KialiConfig, warnings: [String] = []) {
        self.config = config
        self.warnings = warnings
    }
}
