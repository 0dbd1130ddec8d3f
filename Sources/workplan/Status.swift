import ArgumentParser
import Foundation
import WorkplanKit

extension WorkplanCommand {
    /// `workplan status`.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Summarise the state store: progress per workstream and the open tasks.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "The state store (default: the configured database).")
        var db: String?

        @Option(help: "Only this domain.")
        var domain: String?

        @Option(help: "Output format: text or json.")
        var format: OutputFormat = .text

        func validate() throws {
            if format == .sarif || format == .github { throw ValidationError("status supports --format text or json") }
        }

        func run() async throws {
            let configuration = try global.loadConfiguration()
            let engine = SyncEngine(configuration: configuration, workingDirectory: global.workingDirectory)
            var options = SyncOptions()
            options.database = db
            do {
                let files = try await engine.currentFileHashes()
                let report = try StatusReport.read(
                    databasePath: engine.databasePath(options), domain: domain, files: files)
                Terminal.output(format == .json ? JSONRenderer.encode(report) : report.text(bars: Terminal.useColor))
            } catch let error as LocalizedError {
                Terminal.error(error.errorDescription ?? "status failed")
                throw ExitCode(2)
            }
        }
    }

    /// `workplan cleanup-stale`.
    struct CleanupStale: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cleanup-stale",
            abstract: "Cancel open database-only tasks of completed or archived workstreams, and log one cleanup event."
        )

        @OptionGroup var global: GlobalOptions

        @Option(help: "The state store (default: the configured database).")
        var db: String?

        @Flag(help: "Print what would be cancelled; change nothing.")
        var dryRun = false

        @Option(help: "Output format: text or json.")
        var format: OutputFormat = .text

        func run() throws {
            let configuration = try global.loadConfiguration()
            var options = SyncOptions()
            options.database = db
            let path = SyncEngine(configuration: configuration, workingDirectory: global.workingDirectory).databasePath(
                options)
            do {
                let report = try StaleCleanup.run(
                    databasePath: path, dryRun: dryRun, now: ISO8601DateFormatter().string(from: Date()))
                Terminal.output(format == .json ? JSONRenderer.encode(report) : report.summary + "\n")
            } catch {
                Terminal.error(error.errorDescription ?? "cleanup failed")
                throw ExitCode(2)
            }
        }
    }
}
