import Hummingbird
import NIOCore

/// The request context of the console's routes: Hummingbird's core context, the peer's address (for the login rate
/// limit) and the viewer the authentication middleware found.
struct ConsoleContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The client's IP address, without the port; empty when unknown.
    let clientAddress: String
    /// Set by ``AuthMiddleware`` on the routes that need a session.
    var viewer: Viewer = .anonymous

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? ""
    }
}
