import ArgumentParser
import Foundation
import WorkplanKit

extension WorkplanCommand {
    /// `workplan status`.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
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
            let configuration = try global.loadConfiguration()
            if all {
                let location = store.location(configuration, workingDirectory: global.workingDirectory)
                let summary = try await ExitStatus.run("status") {
                    try HubSummary.read(location, repository: repository, domain: domain)
                }
                Terminal.output(output.json ? JSONRenderer.encode(summary.repositories) : summary.text)
                return
            }
            let engine = SyncEngine(configuration: configuration, workingDirectory: global.workingDirectory)
            let location = store.location(configuration, workingDirectory: global.workingDirectory)
            let report = try await ExitStatus.run("status") {
                try StatusReport.read(location: location, domain: domain, files: try await engine.currentFileHashes())
            }
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
            let configuration = try global.loadConfiguration()
            let location = store.location(configuration, workingDirectory: global.workingDirectory)
            let report = try await ExitStatus.run("cleanup") {
                try StaleCleanup.run(
                    location: location, dryRun: dryRun, now: ISO8601DateFormatter().string(from: Date()))
            }
            Terminal.output(output.json ? JSONRenderer.encode(report) : report.summary + "\n")
        }
    }
}
