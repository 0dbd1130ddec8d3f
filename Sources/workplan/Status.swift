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

        @OptionGroup var output: FormatOptions

        func run() async throws {
            let configuration = try global.loadConfiguration()
            let engine = SyncEngine(configuration: configuration, workingDirectory: global.workingDirectory)
            let path = store.databasePath(configuration, workingDirectory: global.workingDirectory)
            let report = try await ExitStatus.run("status") {
                try StatusReport.read(databasePath: path, domain: domain, files: try await engine.currentFileHashes())
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
            let path = store.databasePath(configuration, workingDirectory: global.workingDirectory)
            let report = try await ExitStatus.run("cleanup") {
                try StaleCleanup.run(
                    databasePath: path, dryRun: dryRun, now: ISO8601DateFormatter().string(from: Date()))
            }
            Terminal.output(output.json ? JSONRenderer.encode(report) : report.summary + "\n")
        }
    }
}
