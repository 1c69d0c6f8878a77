import ArgumentParser

/// The `skopos` binary: a service-mesh console for multi-cluster Istio, and its tools.
@main
struct Skopos: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skopos",
        abstract: "A service-mesh console for Istio meshes that span several clusters.",
        subcommands: [ServeCommand.self, SimCommand.self, DemoCommand.self, FaultCommand.self]
    )
}
