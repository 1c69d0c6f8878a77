import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SkoposModel

extension PrometheusClient {
    /// A received answer: status, headers and the whole body.
    struct Answer {
        var status: HTTPResponseStatus
        var headers: HTTPHeaders
        var body: ByteBuffer

        /// `HTTP 502: <start of the body>`, plus the target of a redirect.
        func describe() -> String {
            var text = "HTTP \(status.code)"
            if (300..<400).contains(Int(status.code)), let location = headers.first(name: "Location") {
                text += " redirecting to \(PrometheusEndpoint(location).base)"
            }
            let start = String(decoding: body.readableBytesView.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !start.isEmpty { text += ": \(start)" }
            return text
        }
    }

    /// Prometheus' JSON envelope around every API answer.
    struct Envelope<Payload: Decodable>: Decodable {
        var status: String
        var data: Payload?
        var errorType: String?
        var error: String?
    }

    /// The envelope's status alone, to tell a shape mismatch in `data` from an answer that is not the API's.
    struct EnvelopeStatus: Decodable {
        var status: String
        var errorType: String?
        var error: String?
    }

    /// Calls an API endpoint and decodes its `data`: POST with a GET fallback on 405/501, or GET.
    func call<Payload: Decodable>(
        _ path: String,
        form: [(String, String)],
        method: Configuration.Method,
        timeout: Duration,
        requestID: String?
    ) async throws(PrometheusError) -> Payload {
        let deadline = NIODeadline.now() + TimeAmount(timeout)
        var answer: Answer
        switch method {
        case .post:
            answer = try await send(.POST, path, form: form, deadline: deadline, timeout: timeout, requestID: requestID)
            if answer.status == .methodNotAllowed || answer.status == .notImplemented {
                answer = try await send(.GET, path, form: form, deadline: deadline, timeout: timeout, requestID: requestID)
            }
        case .get:
            answer = try await send(.GET, path, form: form, deadline: deadline, timeout: timeout, requestID: requestID)
        }
        return try decode(Payload.self, answer, path: path)
    }

    /// Sends one request with the configured headers; the form goes in the body of a POST or the URL of a GET.
    func send(
        _ method: HTTPMethod,
        _ path: String,
        form: [(String, String)],
        deadline: NIODeadline,
        timeout: Duration,
        requestID: String?
    ) async throws(PrometheusError) -> Answer {
        let encoded = form.map { "\(PercentEncoding.encode($0.0))=\(PercentEncoding.encode($0.1))" }.joined(separator: "&")
        var request = HTTPClientRequest(url: url + path + (method == .GET && !encoded.isEmpty ? "?" + encoded : ""))
        request.method = method
        request.tlsConfiguration = requestTLS
        request.headers = try headers(path: path, requestID: requestID)
        if method == .POST {
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: encoded))
        }
        do {
            let response = try await httpClient.execute(request, deadline: deadline)
            let body = try await response.body.collect(upTo: 256 * 1024 * 1024)
            return Answer(status: response.status, headers: response.headers, body: body)
        } catch {
            throw PrometheusError.transport(error, url: url, path: path, timeout: timeout)
        }
    }

    /// The headers of every request: `Accept`, `Authorization` from the configured auth (or the URL's user info),
    /// the custom headers (which replace same-named ones, `Authorization` included), then `X-Request-Id`.
    func headers(path: String, requestID: String?) throws(PrometheusError) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "Accept", value: "application/json")
        do {
            if let authorization = try authorization() { headers.add(name: "Authorization", value: authorization) }
        } catch {
            throw PrometheusError(url: url, path: path, kind: .configuration, message: error.message)
        }
        for (name, value) in configuration.customHeaders.sorted(by: { $0.key < $1.key }) {
            headers.replaceOrAdd(name: name, value: value)
        }
        if let requestID { headers.replaceOrAdd(name: "X-Request-Id", value: requestID) }
        return headers
    }

    /// `Basic …` or `Bearer …` from the configured auth, reading credential files now; `nil` without auth.
    func authorization() throws(CredentialReadFailure) -> String? {
        switch configuration.auth {
        case .none:
            guard let username = endpoint.username else { return nil }
            return Self.basic(username, endpoint.password ?? "")
        case .basic(let username, let password):
            return Self.basic(try username.read(), try password.read())
        case .bearer(let token):
            return "Bearer \(try token.read())"
        }
    }

    static func basic(_ username: String, _ password: String) -> String {
        "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    }

    /// Throws the authentication or authorization error for a 401 or 403 answer.
    static func throwIfDenied(_ answer: Answer, url: String, path: String) throws(PrometheusError) {
        let kind: PrometheusError.Kind
        switch answer.status.code {
        case 401: kind = .unauthorized
        case 403: kind = .forbidden
        default: return
        }
        let apiError = (try? JSONDecoder().decode(EnvelopeStatus.self, from: Data(answer.body.readableBytesView)))?.error
        let text = apiError ?? String(decoding: answer.body.readableBytesView.prefix(300), as: UTF8.self)
        throw PrometheusError(
            url: url,
            path: path,
            kind: kind,
            httpStatus: Int(answer.status.code),
            message: text.trimmingCharacters(in: .whitespacesAndNewlines)
        )
    }

    /// The `data` of a successful API answer, or the error the answer stands for.
    func decode<Payload: Decodable>(_ type: Payload.Type, _ answer: Answer, path: String) throws(PrometheusError) -> Payload {
        try Self.throwIfDenied(answer, url: url, path: path)
        let status = Int(answer.status.code)
        // Query answers (the large ones) are read with the fast parser; anything unexpected takes the slow path
        // below, which says what was wrong.
        if Payload.self == QueryResult.self, let json = try? JSONParser.parse(answer.body.readableBytesView),
            json["status"]?.stringValue == "success", let data = json["data"], let result = QueryResult(json: data) as? Payload
        {
            return result
        }
        let data = Data(answer.body.readableBytesView)
        let envelope: Envelope<Payload>
        do {
            envelope = try JSONDecoder().decode(Envelope<Payload>.self, from: data)
        } catch {
            if let probe = try? JSONDecoder().decode(EnvelopeStatus.self, from: data) {
                if probe.status == "error" {
                    throw PrometheusError(url: url, path: path, kind: .query(probe.errorType ?? "error"), httpStatus: status, message: probe.error ?? "")
                }
                throw PrometheusError(url: url, path: path, kind: .badResponse, httpStatus: status, message: "HTTP \(status), unexpected data: \(error)")
            }
            throw PrometheusError(
                url: url,
                path: path,
                kind: .badResponse,
                httpStatus: status,
                message: "not a Prometheus API answer: \(answer.describe())"
            )
        }
        if envelope.status == "success", let data = envelope.data { return data }
        if envelope.status == "error" {
            throw PrometheusError(url: url, path: path, kind: .query(envelope.errorType ?? "error"), httpStatus: status, message: envelope.error ?? "HTTP \(status)")
        }
        throw PrometheusError(url: url, path: path, kind: .badResponse, httpStatus: status, message: "status \"\(envelope.status)\" without data: \(answer.describe())")
    }
}
