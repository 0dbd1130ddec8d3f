#if MCP
    import Foundation
    import MCP
    import WorkplanKit

    /// `workplan mcp`: a Model Context Protocol server over standard input and output. Its tools call
    /// the same WorkplanKit functions as the command line; every write goes through the files
    /// (compare-and-set, atomic, checked by parsing), then the changed files are synced into the
    /// state store when one exists. It never writes to the store directly, and never reads or writes
    /// a file outside the configured workplan folders.
    public struct WorkplanMCPServer: Sendable {
        let tools: WorkplanTools

        public init(_ workspace: Workspace) {
            tools = WorkplanTools(workspace: workspace)
        }

        /// What a client is told first: how to use the tools without wasting its context.
        static let instructions = """
            Workplans are Markdown files (the source of truth); the state store is derived from them.
            Start with ready_tasks (what can be done now) or list_workplans; both return a page at a time
            (limit, cursor: pass the `next` you got). show_workplan gives one workplan in full.
            Every write tool edits the files: pass if_hash (the sha256 a previous answer gave) or
            if_status so that a change made meanwhile is never overwritten; dry_run shows the diff.
            With a PostgreSQL hub, ready_tasks and list_domains take hub: true to see every repository.
            """

        /// Serves one client on standard input and output until it disconnects.
        public func run(version: String) async throws {
            let server = Server(
                name: "workplan", version: version, instructions: Self.instructions,
                capabilities: .init(
                    resources: .init(subscribe: false, listChanged: false), tools: .init(listChanged: false)))
            let tools = self.tools
            let client = ClientName()
            await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: WorkplanTools.definitions) }
            await server.withMethodHandler(CallTool.self) { call in
                // The store records the client's name as the actor of what its calls change.
                var tools = tools
                tools.workspace.actor = await client.name ?? tools.workspace.actor
                return await tools.call(call.name, arguments: call.arguments ?? [:])
            }
            await server.withMethodHandler(ListResources.self) { _ in
                ListResources.Result(resources: try await tools.resources())
            }
            await server.withMethodHandler(ReadResource.self) { request in
                ReadResource.Result(contents: [try await tools.read(request.uri)])
            }
            try await server.start(transport: StdioTransport()) { info, _ in await client.set(info.name) }
            await server.waitUntilCompleted()
        }
    }

    /// The name the client gave in `initialize`.
    actor ClientName {
        private(set) var name: String?

        func set(_ name: String) { self.name = name.isEmpty ? nil : name }
    }

    /// Why a tool call could not be carried out: the message the command line would print.
    struct ToolFailure: Error {
        var message: String
    }

    /// The arguments of one tool call, read with the messages a caller needs.
    struct ToolArguments {
        var values: [String: Value]

        func string(_ name: String) throws(ToolFailure) -> String {
            guard let value = optionalString(name) else {
                throw ToolFailure(message: "missing argument '\(name)' (a string)")
            }
            return value
        }

        func optionalString(_ name: String) -> String? { values[name]?.stringValue }

        func bool(_ name: String) throws(ToolFailure) -> Bool {
            guard let value = values[name] else { return false }
            guard let flag = value.boolValue else {
                throw ToolFailure(message: "argument '\(name)' must be true or false")
            }
            return flag
        }

        func strings(_ name: String) throws(ToolFailure) -> [String] {
            guard let value = values[name] else { return [] }
            guard let items = value.arrayValue?.compactMap(\.stringValue), items.count == value.arrayValue?.count else {
                throw ToolFailure(message: "argument '\(name)' must be a list of strings")
            }
            return items
        }

        /// Refuses an unknown tool and arguments its schema does not name.
        func check(against definition: Tool?, tool: String) throws(ToolFailure) {
            guard let definition else { throw ToolFailure(message: "unknown tool '\(tool)'") }
            let known = definition.inputSchema.objectValue?["properties"]?.objectValue ?? [:]
            if let unknown = values.keys.sorted().first(where: { known[$0] == nil }) {
                throw ToolFailure(
                    message:
                        "\(tool) has no argument '\(unknown)'; it takes \(known.keys.sorted().joined(separator: ", "))"
                )
            }
        }

        var expectation: WriteExpectation {
            WriteExpectation(status: optionalString("if_status"), hash: optionalString("if_hash"))
        }
    }
#endif
