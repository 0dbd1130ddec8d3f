import ArgumentParser
import Foundation
import WorkplanKit

extension WorkplanCommand {
    /// `workplan status`.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Summarise the state store: progress per workstream and the open tasks.")

        @OptionGroup var global: GlobalOptions

        @OptionGroup var store: StoreOptions

        @Option(help: "Only this domain.")
        var domain: String?

        @Flag(help: "The whole store: every repository of a hub, with its counts per domain.")
        var all = false

        @Option(help: ArgumentHelp("With --all: only this repository.", valueName: "name"))
        var repository: String?

        @OptionGroup var output: FormatOptions

        func validate() throws {
            if repository != nil && !all { throw ValidationError("--repository goes with --all") }
        }

        func run() async throws {
            let workspace = try global.workspace(store)
            if all {
                let summary = try await ExitStatus.run("status") {
                    try await workspace.hubSummary(repository: repository, domain: domain)
                }
                Terminal.output(output.json ? JSONRenderer.encode(summary.repositories) : summary.text)
                return
            }
            let report = try await ExitStatus.run("status") { try await workspace.status(domain: domain) }
            Terminal.output(output.json ? JSONRenderer.encode(report) : report.text(bars: Terminal.useColor))
        }
    }

    /// `workplan cleanup-stale`.
    struct CleanupStale: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cleanup-stale",
            abstract: "Cancel open database-only tasks of completed or archived workstreams, and log one cleanup event."
        )

        @OptionGroup var global: GlobalOptions

        @OptionGroup var store: StoreOptions

        @Flag(help: "Print what would be cancelled; change nothing.")
        var dryRun = false

        @OptionGroup var output: FormatOptions

        func run() async throws {
            let workspace = try global.workspace(store)
            let report = try await ExitStatus.run("cleanup") { try await workspace.cleanupStale(dryRun: dryRun) }
            Terminal.output(output.json ? JSONRenderer.encode(report) : report.summary + "\n")
        }
    }
}
