#if HTTP
    import Foundation
    import WorkplanKit

    /// The read API's routes: each parses its parameters (refusing an unknown or bad one by name)
    /// and renders what the read model or the store returns.
    extension ReadAPI {
        static let workstreamStatuses: Set<String> = ["draft", "active", "blocked", "completed", "archived"]

        func respond(_ route: Route, _ call: Call) async throws -> Answer {
            let query = try Parameters(call.query)
            switch route.template {
            case "/healthz":
                try query.only([])
                let healthy = await cache.healthy()
                return Answer(
                    status: healthy ? 200 : 503, contentType: Self.json,
                    body: Array((healthy ? #"{"status":"ok"}"# : #"{"status":"store unavailable"}"#).utf8), route: "")
            case "/metrics":
                try query.only([])
                return Answer(
                    status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8",
                    body: Array(await metrics.text(cache: cache).utf8), route: "")
            case "/api/v1/openapi.json":
                try query.only([])
                return Self.ok(Array(OpenAPIDocument.json.utf8))
            case "/api/v1/events":
                return try await events(query)
            case "/":
                return try await overview(query)
            case "/w/{repository}/{id}":
                return try await workstreamPage(route, query)
            default:
                return try await modelRoute(route, query)
            }
        }

        private func modelRoute(_ route: Route, _ query: Parameters) async throws -> Answer {
            let model = try await cache.current()
            let id = route.parameter ?? ""
            switch route.template {
            case "/api/v1/summary":
                try query.only([])
                return Self.ok(Self.encode(model.summary))
            case "/api/v1/domains":
                try query.only([])
                return Self.ok(Self.encode(model.domains))
            case "/api/v1/domains/{id}":
                try query.only([])
                guard let domain = model.domain(id) else { throw APIError.notFound("no domain '\(id)'") }
                return Self.ok(Self.encode(domain))
            case "/api/v1/repositories":
                try query.only(["domain"])
                return Self.ok(Self.encode(["items": model.repositories(domain: query["domain"])]))
            case "/api/v1/repositories/{id}":
                try query.only([])
                guard let repository = model.repository(id) else { throw APIError.notFound("no repository '\(id)'") }
                return Self.ok(Self.encode(repository))
            case "/api/v1/workstreams":
                return try workstreams(model, query)
            case "/api/v1/workstreams/{id}":
                return try await workstream(model, id: id, query)
            case "/api/v1/tasks":
                return try tasks(model, query)
            default:
                try query.only(["repository"])
                guard let task = model.task(id, repository: query["repository"]) else {
                    throw APIError.notFound("no task '\(id)'")
                }
                return Self.ok(Self.encode(task))
            }
        }

        private func workstreams(_ model: ReadModel, _ query: Parameters) throws -> Answer {
            try query.only(["domain", "repository", "status", "q", "limit", "cursor"])
            let status = try query.oneOf("status", Self.workstreamStatuses)
            let filter = WorkstreamFilter(
                domain: query["domain"], repository: query["repository"], status: status, text: query["q"])
            return Self.ok(Self.encode(model.workstreams(filter, offset: try query.offset(), limit: try query.limit())))
        }

        private func workstream(_ model: ReadModel, id: String, _ query: Parameters) async throws -> Answer {
            try query.only(["repository"])
            guard var detail = model.workstream(id, repository: query["repository"]) else {
                throw APIError.notFound("no workstream '\(id)'")
            }
            let repository = detail.workstream.repository
            let subjects = [id] + detail.phases.flatMap { $0.tasks.map(\.task.id) }
            let history = try await cache.events(EventQuery(repository: repository, subjects: subjects, limit: 100))
            detail.history = history.map(ReadValues.Event.init)
            return Self.ok(Self.encode(detail))
        }

        private func tasks(_ model: ReadModel, _ query: Parameters) throws -> Answer {
            try query.only(["status", "priority", "domain", "repository", "owner", "ready", "limit", "cursor"])
            let filter = TaskFilter(
                status: try query.oneOf("status", Set(TaskStatus.allCases.map(\.rawValue))),
                priority: try query.oneOf("priority", Set(TaskPriority.allCases.map(\.rawValue))),
                domain: query["domain"], repository: query["repository"], owner: query["owner"],
                ready: try query.oneOf("ready", ["true", "false"]).map { $0 == "true" })
            return Self.ok(Self.encode(model.tasks(filter, offset: try query.offset(), limit: try query.limit())))
        }

        private func events(_ query: Parameters) async throws -> Answer {
            try query.only(["since", "repository", "kind", "limit", "cursor"])
            var before: Int64?
            if let cursor = query["cursor"] {
                guard let offset = ReadCursor.decode(cursor) else {
                    throw APIError.badParameter("cursor", "not a cursor this API gave")
                }
                before = Int64(offset)
            }
            let limit = try query.limit()
            let events = try await cache.events(
                EventQuery(
                    since: query["since"], repository: query["repository"], kind: query["kind"], before: before,
                    limit: limit))
            let next = events.count == limit ? events.last?.event.id.map { ReadCursor.encode(Int($0)) } : nil
            let page = ReadValues.Page(items: events.map(ReadValues.Event.init), total: events.count, next: next)
            return Self.ok(Self.encode(page))
        }

        // MARK: - The live dashboard

        static let html = "text/html; charset=utf-8"

        private func overview(_ query: Parameters) async throws -> Answer {
            try query.only(["domain", "repository", "status", "page"])
            var page = 0
            if let text = query["page"] {
                guard let number = ReadCursor.decode(text), number < 100_000 else {
                    throw APIError.badParameter("page", "'\(text)' is not a page number")
                }
                page = number
            }
            // The form sends an empty value for "all".
            func chosen(_ name: String) -> String? { query[name].flatMap { $0.isEmpty ? nil : $0 } }
            let status = try chosen("status").map { _ in try query.oneOf("status", Self.workstreamStatuses) } ?? nil
            let filter = LiveFilter(
                domain: chosen("domain"), repository: chosen("repository"), status: status, page: page)
            let model = try await cache.current()
            let now = Date()
            let weekAgo = ISO8601DateFormatter().string(from: now.addingTimeInterval(-7 * 86_400))
            let recent = try await cache.events(EventQuery(since: weekAgo, repository: filter.repository, limit: 200))
            let body = LivePages(model, title: title).overview(
                filter, recent: recent, now: ISO8601DateFormatter().string(from: now))
            return Answer(status: 200, contentType: Self.html, body: Array(body.utf8), route: "")
        }

        private func workstreamPage(_ route: Route, _ query: Parameters) async throws -> Answer {
            try query.only([])
            let (id, repository) = (route.parameter ?? "", route.repository ?? "")
            let model = try await cache.current()
            guard let detail = model.workstream(id, repository: repository) else {
                throw APIError.notFound("no workstream '\(id)' in '\(repository)'")
            }
            let subjects = [id] + detail.phases.flatMap { $0.tasks.map(\.task.id) }
            let history = try await cache.events(EventQuery(repository: repository, subjects: subjects, limit: 200))
            let body = LivePages(model, title: title).workstream(id, repository: repository, history: history) ?? ""
            return Answer(status: 200, contentType: Self.html, body: Array(body.utf8), route: "")
        }

        static func ok(_ body: [UInt8]) -> Answer { Answer(status: 200, contentType: json, body: body, route: "") }
    }

    /// A request's query parameters, each named at most once.
    struct Parameters {
        private var values: [String: String] = [:]

        init(_ pairs: [(name: String, value: String)]) throws {
            for (name, value) in pairs {
                guard values.updateValue(value, forKey: name) == nil else {
                    throw APIError.badParameter(name, "given more than once")
                }
            }
        }

        subscript(_ name: String) -> String? { values[name] }

        /// Refuses any parameter but `names`.
        func only(_ names: Set<String>) throws {
            if let unknown = values.keys.sorted().first(where: { !names.contains($0) }) {
                throw APIError.badParameter(
                    unknown,
                    "unknown here; this resource takes "
                        + (names.isEmpty ? "none" : names.sorted().joined(separator: ", "))
                )
            }
        }

        func oneOf(_ name: String, _ allowed: Set<String>) throws -> String? {
            guard let value = values[name] else { return nil }
            guard allowed.contains(value) else {
                throw APIError.badParameter(
                    name, "'\(value)' is not one of \(allowed.sorted().joined(separator: ", "))")
            }
            return value
        }

        func limit() throws -> Int {
            guard let text = values["limit"] else { return 100 }
            guard let limit = Int(text), (1...500).contains(limit) else {
                throw APIError.badParameter("limit", "'\(text)' is not a whole number from 1 to 500")
            }
            return limit
        }

        func offset() throws -> Int {
            guard let cursor = values["cursor"] else { return 0 }
            guard let offset = ReadCursor.decode(cursor) else {
                throw APIError.badParameter("cursor", "not a cursor this API gave")
            }
            return offset
        }
    }
#endif
