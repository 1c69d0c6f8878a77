import Hummingbird

/// Headers on every response (`backend.md` §1.2).
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    let tls: Bool
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("X-XSS-Protection")!] = "1; mode=block"
        if tls { response.headers[.init("Strict-Transport-Security")!] = "max-age=31536000; includeSubDomains" }
        return response
    }
}
