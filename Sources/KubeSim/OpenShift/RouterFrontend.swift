import KubeTypes
import NIOCore
import NIOPosix
import NIOTLS
import ServiceLifecycle
import SkoposModel

/// The router's public port. It reads the TLS ClientHello's server name without terminating TLS: a `passthrough`
/// Route's host is relayed as raw TCP to a pod of its Service (which terminates TLS itself); every other connection
/// goes to the router's HTTPS listener, which terminates TLS for `edge` and `reencrypt` Routes.
struct RouterFrontend: ServiceLifecycle.Service {
    let cluster: SimCluster
    let port: Int
    /// The port of the TLS-terminating listener, once bound.
    let terminatingPort: @Sendable () -> Int?
    let onBound: @Sendable (Int?) -> Void

    func run() async throws {
        let cluster = self.cluster
        let terminatingPort = self.terminatingPort
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { inbound in
                let sni = SNIHandler { result in
                    let target: (host: String, port: Int)?
                    if case .hostname(let host) = result, let passthrough = RouterBackends(cluster: cluster).passthroughTarget(host: host) {
                        target = passthrough
                    } else {
                        target = terminatingPort().map { ("127.0.0.1", $0) }
                    }
                    guard let target else { return inbound.close() }
                    return ClientBootstrap(group: inbound.eventLoop)
                        .connectTimeout(.seconds(5))
                        .channelInitializer { outbound in
                            outbound.eventLoop.makeCompletedFuture { try outbound.pipeline.syncOperations.addHandler(TCPRelay(peer: inbound)) }
                        }
                        .connect(host: target.host, port: target.port)
                        .flatMap { outbound in
                            inbound.eventLoop.makeCompletedFuture { try inbound.pipeline.syncOperations.addHandler(TCPRelay(peer: outbound)) }
                        }
                        .flatMapError { _ in inbound.close() }
                }
                return inbound.eventLoop.makeCompletedFuture { try inbound.pipeline.syncOperations.addHandler(ByteToMessageHandler(sni)) }
            }
            .bind(host: "127.0.0.1", port: port).get()
        onBound(channel.localAddress?.port)
        // Ends on graceful shutdown and on cancellation alike (a cancelled wait on closeFuture would never end).
        await withTaskCancellationOrGracefulShutdownHandler {
            try? await channel.closeFuture.get()
        } onCancelOrGracefulShutdown: {
            channel.close(promise: nil)
        }
    }
}

/// Copies bytes from one connection to its peer and closes the peer when this side ends.
final class TCPRelay: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let peer: any Channel

    init(peer: any Channel) { self.peer = peer }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        peer.writeAndFlush(unwrapInboundIn(data), promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        peer.close(promise: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
