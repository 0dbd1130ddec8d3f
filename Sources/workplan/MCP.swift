#if MCP
    import ArgumentParser
    import WorkplanKit
    import WorkplanMCP

    extension WorkplanCommand {
        /// `workplan mcp`.
        struct MCP: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "mcp",
                abstract: "Serve the workplans to an MCP client over standard input and output.",
                discussion:
                    "Tools: list_workplans, show_workplan, ready_tasks, lint, add_task, set_task_status, set_task_priority, close_workplan, sync. Resources: each workplan file. Every write goes through the files (compare-and-set with if_status / if_hash), then the written files are synced into the state store when one exists."
            )

            @OptionGroup var global: GlobalOptions

            func run() async throws {
                let server = WorkplanMCPServer(try global.workspace())
                try await ExitStatus.run("mcp") { try await server.run(version: WorkplanCommand.versionWithCommit) }
            }
        }
    }
#endif
