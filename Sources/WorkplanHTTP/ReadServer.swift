#if HTTP
    import Foundation
    import HTTPTypes
    import Hummingbird
    import HummingbirdCore
    import Logging
    import WorkplanKit

    /// `workplan serve`: the read API (and, at `/`, the live dashboard) on Hummingbird's HTTP/1.1
    /// server. Only GET and HEAD are answered; nothing here writes to the store.
    public enum ReadServer {
        /// Serves until the process is stopped; `onReady` is called with the bound port.
        public static func run(
            cache: ReadCache, settings: ServeSettings, onReady: @escaping @Sendable (Int) -> Void = { _ in }
        ) async throws {
            let api = ReadAPI(cache: cache, settings: settings, metrics: Metrics())
            let responder = CallbackResponder<BasicRequestContext> { request, _ in
                await respond(api, to: request)
            }
            var logger = Logger(label: "workplan.serve")
            logger.logLevel = .error
            // Request line and headers are bounded: 8 KiB a field, 32 KiB in all, 100 fields.
            let decoder = HTTP1Channel.Configuration.DecoderConfiguration(
                maxHeaderFieldSize: 8 * 1024, maxHeaderListSize: 32 * 1024, maxHeaderFieldCount: 100)
            let app = Application(
                responder: responder,
                server: .http1(
                    configuration: .init(idleTimeout: .seconds(60), httpDecoderConfiguration: decoder)),
                configuration: ApplicationConfiguration(
                    address: .hostname(settings.host, port: settings.port), serverName: "workplan"),
                onServerRunning: { channel in onReady(channel.localAddress?.port ?? settings.port) },
                logger: logger)
            try await app.runService()
        }

        private static func respond(_ api: ReadAPI, to request: Request) async -> Response {
            let started = ContinuousClock.now
            let headers = request.headers
            let query = request.uri.queryParameters.map { (name: String($0.key), value: String($0.value)) }
            let call = Call(
                method: request.method.rawValue, path: request.uri.path, query: query, accept: headers[.accept],
                authorization: headers[.authorization], ifNoneMatch: headers[.ifNoneMatch])
            let answer: Answer
            if request.uri.path.utf8.count + (request.uri.query?.utf8.count ?? 0) > 4096 {
                var tooLong = ReadAPI.error(
                    APIError(status: 414, code: "uri_too_long", message: "the URI is over 4096 bytes"))
                tooLong.route = "unknown"
                answer = tooLong
            } else {
                answer = await api.answer(call)
            }
            var fields = HTTPFields()
            fields[.contentType] = answer.contentType
            fields[.cacheControl] = "no-cache"
            for (name, value) in answer.headers {
                if let field = HTTPField.Name(name) { fields[field] = value }
            }
            let elapsed = ContinuousClock.now - started
            api.metrics.record(
                route: answer.route, status: answer.status,
                seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            return Response(
                status: HTTPResponse.Status(code: answer.status), headers: fields,
                body: ResponseBody(byteBuffer: answer.buffer ?? ByteBuffer(bytes: answer.body)))
        }
    }
#endif
