#if HTTP
    import Foundation
    import NIOCore
    import WorkplanKit

    /// One request as the read API sees it: no server types, so that the conventions (auth,
    /// methods, content negotiation, ETags, errors) are one function of values.
    struct Call: Sendable {
        var method: String
        /// The path, still percent-encoded.
        var path: String
        /// The query's parameters, values decoded, in order.
        var query: [(name: String, value: String)]
        var accept: String?
        var authorization: String?
        var ifNoneMatch: String?
    }

    /// What the read API answers.
    struct Answer: Sendable {
        var status: Int
        var contentType: String
        var body: [UInt8]
        /// The body as the server sends it, made once for an answer kept in the cache: every
        /// response that reuses it shares its storage.
        var buffer: ByteBuffer?
        var headers: [(String, String)] = []
        /// The route's template, for `/metrics` (`/api/v1/tasks/{id}`).
        var route: String
    }

    /// A refusal with its status, as `{"error": {"code", "message"}}`.
    struct APIError: Error {
        var status: Int
        var code: String
        var message: String

        static func badParameter(_ name: String, _ why: String) -> APIError {
            APIError(status: 400, code: "bad_parameter", message: "parameter '\(name)': \(why)")
        }

        static func notFound(_ what: String) -> APIError { APIError(status: 404, code: "not_found", message: what) }
    }

    /// The read API: `/api/v1/...`, `/healthz`, `/metrics`. Every answer is JSON but the metrics;
    /// lists are paged (`limit` 1–500, default 100; `cursor` from the previous page's `next`);
    /// every 200 carries an ETag, and a matching `If-None-Match` gets a 304.
    struct ReadAPI: Sendable {
        let cache: ReadCache
        let settings: ServeSettings
        let metrics: Metrics
        /// The dashboard's title.
        var title = "Workplans"
        let answers = AnswerCache()
        let inFlight = InFlight()
        static let json = "application/json; charset=utf-8"

        func answer(_ call: Call) async -> Answer {
            let route = Route(path: call.path)
            if route.template != "/healthz", !settings.authorizes(call.authorization) {
                var answer = Self.error(
                    APIError(status: 401, code: "unauthorized", message: "a bearer token is needed"))
                answer.headers.append(("WWW-Authenticate", "Bearer"))
                answer.route = route.template
                return answer
            }
            var answer: Answer
            do {
                guard route.known else { throw APIError.notFound("no such resource: \(call.path)") }
                guard call.method == "GET" || call.method == "HEAD" else {
                    throw APIError(
                        status: 405, code: "method_not_allowed",
                        message: "\(call.method) is not allowed: this API only reads")
                }
                try Self.negotiate(call.accept, route: route)
                answer = try await cachedAnswer(route, call)
                answer = Self.conditional(answer, ifNoneMatch: call.ifNoneMatch)
            } catch let error as APIError {
                answer = Self.error(error, page: route.isPage)
                if error.status == 405 { answer.headers.append(("Allow", "GET, HEAD")) }
            } catch {
                answer = Self.error(
                    APIError(status: 503, code: "store_unavailable", message: "\(error)"), page: route.isPage)
            }
            answer.route = route.template
            if call.method == "HEAD" { (answer.body, answer.buffer) = ([], nil) }
            return answer
        }

        /// The answer to a read of the store, reused while the store's change token stays the same
        /// (every table the answers come from moves it); health and metrics are answered afresh.
        private func cachedAnswer(_ route: Route, _ call: Call) async throws -> Answer {
            guard route.template.hasPrefix("/api/") || route.isPage else { return try await respond(route, call) }
            let token = try await cache.current().token
            let key = AnswerCache.key(call)
            if let kept = answers.answer(for: key, token: token) { return kept }
            return try await inFlight.answer(token + "\u{0}" + key) { [self] in
                var answer = try await respond(route, call)
                if answer.status == 200 { answer.headers.append(("ETag", "\"" + contentHash(answer.body) + "\"")) }
                answer.buffer = ByteBuffer(bytes: answer.body)
                answers.keep(answer, for: key, token: token)
                return answer
            }
        }

        /// 406 unless `Accept` allows what the route returns.
        static func negotiate(_ accept: String?, route: Route) throws {
            guard let accept, !accept.isEmpty else { return }
            let produced = route.template == "/metrics" ? "text/plain" : route.isPage ? "text/html" : "application/json"
            let type = produced.split(separator: "/").first.map(String.init) ?? ""
            let ranges = accept.split(separator: ",").map {
                $0.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            }
            guard ranges.contains(where: { $0 == "*/*" || $0 == produced || $0 == type + "/*" }) else {
                throw APIError(
                    status: 406, code: "not_acceptable", message: "this resource is \(produced); Accept: \(accept)")
            }
        }

        /// A 304 when the client holds this very body.
        static func conditional(_ answer: Answer, ifNoneMatch: String?) -> Answer {
            guard answer.status == 200 else { return answer }
            var tagged = answer
            let tag: String
            if let kept = answer.headers.first(where: { $0.0 == "ETag" })?.1 {
                tag = kept
            } else {
                tag = "\"" + contentHash(answer.body) + "\""
                tagged.headers.append(("ETag", tag))
            }
            guard let ifNoneMatch else { return tagged }
            let offered = ifNoneMatch.split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "W/", with: "")
            }
            guard offered.contains(tag) || offered.contains("*") else { return tagged }
            tagged.status = 304
            (tagged.body, tagged.buffer) = ([], nil)
            return tagged
        }

        /// A refusal as JSON, or on a dashboard page (unless `Accept` excluded HTML) as a page
        /// that says why and links back to the overview.
        static func error(_ error: APIError, page: Bool = false) -> Answer {
            if page, error.status != 406 {
                let html = LivePages.errorPage(status: error.status, message: error.message)
                return Answer(status: error.status, contentType: Self.html, body: Array(html.utf8), route: "")
            }
            let body = JSONText.object([("code", error.code), ("message", error.message)])
            return Answer(status: error.status, contentType: json, body: Array("{\"error\":\(body)}".utf8), route: "")
        }

        static func encode(_ value: some Encodable) -> [UInt8] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
            return (try? encoder.encode(value)).map(Array.init) ?? Array("null".utf8)
        }
    }

    /// A request path matched against the API's routes: the template and its one parameter.
    struct Route: Sendable {
        var template: String
        var parameter: String?
        /// A dashboard page's repository.
        var repository: String?
        var known: Bool

        /// Whether the route answers HTML (the dashboard) rather than JSON.
        var isPage: Bool { template == "/" || template.hasPrefix("/w/") }

        static let collections = ["domains", "repositories", "workstreams", "tasks"]

        init(path: String) {
            let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
            (template, parameter, known) = ("unknown", nil, false)
            switch segments {
            case [""]:
                (template, known) = ("/", true)
            case let page where page.count == 3 && page[0] == "w" && !page[1].isEmpty && !page[2].isEmpty:
                guard let repository = page[1].removingPercentEncoding, let id = page[2].removingPercentEncoding else {
                    return
                }
                (template, parameter, self.repository, known) = ("/w/{repository}/{id}", id, repository, true)
            case ["healthz"], ["metrics"], ["api", "v1", "openapi.json"], ["api", "v1", "summary"],
                ["api", "v1", "events"]:
                (template, known) = ("/" + segments.joined(separator: "/"), true)
            case let list
            where list.count == 3 && list[0] == "api" && list[1] == "v1" && Self.collections.contains(list[2]):
                (template, known) = ("/api/v1/\(list[2])", true)
            case let item
            where item.count == 4 && item[0] == "api" && item[1] == "v1" && Self.collections.contains(item[2])
                && !item[3].isEmpty:
                guard let decoded = item[3].removingPercentEncoding else { return }
                (template, parameter, known) = ("/api/v1/\(item[2])/{id}", decoded, true)
            default:
                return
            }
        }
    }
#endif
