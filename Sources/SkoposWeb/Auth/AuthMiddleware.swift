import HTTPTypes
import Hummingbird
import NIOCore

/// Guards the routes that need a session (`backend.md` §4.3): finds the viewer, or answers 401/403/500 in plain text
/// as Kiali's middleware does; passes on the cookie deletions either way.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ConsoleContext
    let authenticator: Authenticator

    func handle(_ request: Request, context: ConsoleContext, next: (Request, ConsoleContext) async throws -> Response) async throws -> Response {
        let outcome = await authenticator.authenticate(request)
        var response: Response
        switch outcome.result {
        case .success(let viewer):
            var context = context
            context.viewer = viewer
            response = try await next(request, context)
        case .failure(let refusal):
            let text: String
            switch refusal.status {
            case .unauthorized: text = "Unauthorized\n"
            case .forbidden: text = "Forbidden\n"
            case .serviceUnavailable: text = "Service Unavailable\n"
            default: text = "Internal Server Error\n"
            }
            response = Response(status: refusal.status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        for cookie in outcome.setCookies { response.headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return response
    }
}
