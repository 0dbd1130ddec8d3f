import ArgumentParser
import Foundation
import WorkplanKit

extension WorkplanCommand {
    /// `workplan sync`.
    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reconcile the workplans into the SQLite state store.",
            discussion:
                "The files are authoritative: the store is made to say what they say, and every change is logged in its events table. Exit status: 0 synced, 1 a file was skipped or not written, the safety brake stopped the run, or --check found changes; 2 the run could not start."
        )

        @OptionGroup var global: GlobalOptions

        @Option(help: "The state store (default: the configured database, .workplan/state.sqlite).")
        var db: String?

        @Flag(help: "Print what would change; write nothing (not even a new database).")
        var dryRun = false

        @Flag(help: "Like --dry-run, and exit 1 when anything would change.")
        var check = false

        @Flag(help: "Do not write generated ids into the files.")
        var noWriteIds = false

        @Flag(help: "Re-read every file, even those unchanged since the last run.")
        var full = false

        @Flag(help: "Let a run remove 20 or more tasks and over a fifth of the known tasks.")
        var allowMassRemoval = false

        @Option(help: "Output format: text or json.")
        var format: OutputFormat = .text

        @Argument(help: "Files or folders to sync (default: the configured folders).")
        var paths: [String] = []

        func validate() throws {
            if format == .sarif || format == .github { throw ValidationError("sync supports --format text or json") }
        }

        func run() async throws {
            let configuration = try global.loadConfiguration()
            var options = SyncOptions()
            options.paths = paths
            options.database = db
            options.dryRun = dryRun
            options.check = check
            options.writeIDs = !noWriteIds
            options.full = full
            options.allowMassRemoval = allowMassRemoval
            let engine = SyncEngine(configuration: configuration, workingDirectory: global.workingDirectory)
            let report: SyncReport
            do {
                report = try await engine.run(options)
            } catch {
                Terminal.error(error.errorDescription ?? "sync failed")
                throw ExitCode(2)
            }
            if format == .json {
                Terminal.output(JSONRenderer.encode(report))
            } else {
                Terminal.output(render(report))
            }
            let failed = !report.skippedFiles.isEmpty || !report.writeFailures.isEmpty || report.brake != nil
            if failed || (check && report.hasChanges) { throw ExitCode(1) }
        }

        /// `task.inserted` → `insert task`.
        static func verb(_ kind: String) -> String {
            let parts = kind.split(separator: ".").map(String.init)
            let verbs = [
                "inserted": "insert", "updated": "update", "drift": "overwrite a database edit of", "moved": "move",
                "renamed": "rename", "removed": "remove", "restored": "restore",
            ]
            guard parts.count == 2 else { return kind }
            return "\(verbs[parts[1]] ?? parts[1]) \(parts[0])"
        }

        private func render(_ report: SyncReport) -> String {
            var out = ""
            if !report.diagnostics.isEmpty {
                let lintReport = LintReport(
                    fileCount: report.skippedFiles.count, diagnostics: report.diagnostics.sorted())
                out +=
                    TextRenderer(color: Terminal.useColor).render(lintReport).split(
                        separator: "\n", omittingEmptySubsequences: false
                    )
                    .dropLast(2).joined(separator: "\n") + "\n"
                out +=
                    "skipped \(report.skippedFiles.count) \(report.skippedFiles.count == 1 ? "file" : "files"): its rows are left as they were\n"
            }
            if report.dryRun {
                for change in report.changes { out += "would \(Self.verb(change.kind)) \(change.subject)\n" }
                for file in report.idFiles { out += "would write ids into \(file)\n" }
            }
            for failure in report.writeFailures { out += "not written: \(failure)\n" }
            if let brake = report.brake { out += "stopped: \(brake)\n" }
            out += report.summary + "\n"
            if report.lintErrors > 0 {
                out +=
                    "\(report.lintErrors) lint \(report.lintErrors == 1 ? "error" : "errors") in synced files: run 'workplan lint'\n"
            }
            return out
        }
    }
}
