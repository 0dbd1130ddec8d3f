#if MCP
    import Foundation
    import MCP
    import WorkplanKit

    /// The MCP tools and resources, each a call into WorkplanKit. Results are the JSON the command
    /// line prints with `--format json`, as text and as structured content; a refusal is a tool error
    /// with the command line's message, starting `conflict:` when compare-and-set refused it.
    struct WorkplanTools: Sendable {
        var workspace: Workspace

        /// Runs one tool call; never throws: every failure is a tool error.
        func call(_ name: String, arguments: [String: Value]) async -> CallTool.Result {
            let arguments = ToolArguments(values: arguments)
            do {
                try arguments.check(against: Self.definitions.first { $0.name == name }, tool: name)
                let json = try await run(name, arguments)
                let value = try JSONDecoder().decode(Value.self, from: Data(json.utf8))
                return CallTool.Result(
                    content: [.text(text: json, annotations: nil, _meta: nil)], structuredContent: Optional(value),
                    isError: false)
            } catch let failure as ToolFailure {
                return CallTool.Result(
                    content: [.text(text: failure.message, annotations: nil, _meta: nil)], isError: true)
            } catch let refusal as EditRefusal {
                let message = refusal.errorDescription ?? "refused"
                return CallTool.Result(
                    content: [
                        .text(text: refusal.isConflict ? "conflict: " + message : message, annotations: nil, _meta: nil)
                    ], isError: true)
            } catch let error as LocalizedError {
                return CallTool.Result(
                    content: [.text(text: error.errorDescription ?? "\(error)", annotations: nil, _meta: nil)],
                    isError: true)
            } catch {
                return CallTool.Result(content: [.text(text: "\(error)", annotations: nil, _meta: nil)], isError: true)
            }
        }

        private func run(_ name: String, _ arguments: ToolArguments) async throws -> String {
            switch name {
            case "list_workplans":
                let listing = WorkplanListing(try workspace.workplans(), domain: arguments.optionalString("domain"))
                let page = try arguments.page(listing.workplans)
                return JSONRenderer.encode(WorkplanPage(workplans: page.items, total: page.total, next: page.next))
            case "list_domains":
                let hub = try arguments.bool("hub")
                return JSONRenderer.encode(hub ? try await workspace.hubDomainList() : try workspace.domainList())
            case "show_workplan":
                // Only workplans of the configured folders, by id or path: never another file.
                let wanted = try arguments.string("id")
                let set = try workspace.workplans()
                guard
                    let (_, workplan) = set.entries.first(where: {
                        $0.workplan.id == wanted || $0.source.displayPath == wanted || $0.source.absolutePath == wanted
                    })
                else {
                    throw ToolFailure(message: "no workplan with id or path \(wanted) under the configured folders")
                }
                return JSONRenderer.encode(WorkplanSummary(workplan))
            case "ready_tasks":
                let (domain, workplan) = (arguments.optionalString("domain"), arguments.optionalString("workplan"))
                if try arguments.bool("hub") {
                    let page = try arguments.page(try await workspace.hubReady(domain: domain, workplan: workplan))
                    return JSONRenderer.encode(TaskPage(tasks: page.items, total: page.total, next: page.next))
                }
                let page = try arguments.page(try workspace.ready(domain: domain, workplan: workplan))
                return JSONRenderer.encode(TaskPage(tasks: page.items, total: page.total, next: page.next))
            case "lint":
                return JSONRenderer.render(try await workspace.lint(paths: try arguments.strings("paths")))
            case "sync":
                var options = SyncOptions()
                options.listChanges = true
                options.dryRun = try arguments.bool("dry_run")
                return JSONRenderer.encode(try await workspace.sync(options))
            case "add_task", "set_task_status", "set_task_priority", "close_workplan":
                return try await write(name, arguments)
            default:
                throw ToolFailure(message: "unknown tool '\(name)'")
            }
        }

        /// The write tools: the same use cases as the commands, the same JSON as `--format json`.
        private func write(_ name: String, _ arguments: ToolArguments) async throws -> String {
            let dryRun = try arguments.bool("dry_run")
            let expectation = arguments.expectation
            let change: WrittenChange
            switch name {
            case "add_task":
                var task = NewTask(title: try arguments.string("title"), phase: arguments.optionalString("phase"))
                task.priority = arguments.optionalString("priority") ?? task.priority
                task.status = arguments.optionalString("status") ?? task.status
                task.dependsOn = try arguments.strings("depends_on")
                task.description = arguments.optionalString("description")
                change = try await workspace.addTask(
                    task, to: try arguments.string("workplan"), force: try arguments.bool("force"),
                    expecting: expectation, dryRun: dryRun)
            case "set_task_status":
                change = try await workspace.setTaskStatus(
                    try arguments.string("task"), to: try arguments.string("status"),
                    carriedTo: arguments.optionalString("carried_to"), force: try arguments.bool("force"),
                    expecting: expectation, dryRun: dryRun)
            case "set_task_priority":
                change = try await workspace.setTaskPriority(
                    try arguments.string("task"), to: try arguments.string("priority"), expecting: expectation,
                    dryRun: dryRun)
            default:
                let (cancelOpen, target) = (
                    try arguments.bool("cancel_open"), arguments.optionalString("carry_forward_to")
                )
                if cancelOpen, target != nil {
                    throw ToolFailure(message: "cancel_open and carry_forward_to exclude each other")
                }
                change = try await workspace.close(
                    try arguments.string("workplan"), date: arguments.optionalString("date"), cancelOpen: cancelOpen,
                    carryForwardTo: target, expecting: expectation, dryRun: dryRun)
            }
            if dryRun { return JSONRenderer.encode(DryRunResult(diff: change.diff, files: change.results)) }
            if let closure = change.closure { return JSONRenderer.encode(closure) }
            guard let single = change.single else { throw ToolFailure(message: "nothing was planned") }
            return JSONRenderer.encode(single)
        }

        /// Each workplan file, by `file://` URI.
        func resources() async throws -> [Resource] {
            let set = try workspace.workplans()
            return set.entries.map { source, workplan in
                Resource(
                    name: workplan.id ?? source.displayPath,
                    uri: URL(fileURLWithPath: source.absolutePath).absoluteString,
                    title: workplan.title, description: source.displayPath, mimeType: "text/markdown")
            }
        }

        /// The text of a workplan file named by its URI; only files of the configured folders.
        func read(_ uri: String) async throws -> Resource.Content {
            let set = try workspace.workplans()
            guard
                let (source, workplan) = set.entries.first(where: {
                    URL(fileURLWithPath: $0.source.absolutePath).absoluteString == uri
                })
            else { throw MCPError.invalidParams("no workplan file has the URI \(uri)") }
            _ = source
            return .text(String(decoding: workplan.bytes, as: UTF8.self), uri: uri, mimeType: "text/markdown")
        }
    }

    /// A dry run of a write tool: the diff and what each file would become.
    struct DryRunResult: Encodable {
        var diff: String
        var files: [WriteResult]
    }

    /// `ready_tasks`' answer: one page of tasks (`ready --format json`'s `tasks`, with the paging).
    struct TaskPage<Task: Encodable>: Encodable {
        var tasks: [Task]
        var total: Int
        var next: String?
    }

    /// `list_workplans`' answer: one page of workplans.
    struct WorkplanPage: Encodable {
        var workplans: [WorkplanListing.Entry]
        var total: Int
        var next: String?
    }

    extension ToolArguments {
        /// One page of `items`: `limit` (1 to 500, default 100) from `cursor` (a `next` given before).
        func page<Item: Encodable & Sendable>(_ items: [Item]) throws(ToolFailure) -> ReadValues.Page<Item> {
            var limit = 100
            if let value = values["limit"] {
                guard let number = value.intValue, (1...500).contains(number) else {
                    throw ToolFailure(message: "argument 'limit' must be a whole number from 1 to 500")
                }
                limit = number
            }
            var offset = 0
            if let cursor = optionalString("cursor") {
                guard let position = ReadCursor.decode(cursor) else {
                    throw ToolFailure(message: "argument 'cursor' must be the 'next' of an earlier answer")
                }
                offset = position
            }
            return ReadValues.Page(items, offset: offset, limit: limit) { $0 }
        }
    }
#endif
