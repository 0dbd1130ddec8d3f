import ArgumentParser
import Foundation
import WorkplanKit

extension WorkplanCommand {
    /// `workplan sync`.
    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sync",
            abstract: "Reconcile the workplans into the SQLite state store.",
            discussion:
                "The files are authoritative: the store is made to say what they say, and every change is logged in its events table with the run that made it (who, from which commit). On a PostgreSQL hub, one tree speaks for a repository: the branch the hub follows, at or after the last commit synced (docs/hub.md). Exit status: 0 synced, 1 a file was skipped or not written, the safety brake stopped the run, or --check found changes; 2 the run could not start, or the hub refused it."
        )

        @OptionGroup var global: GlobalOptions

        @OptionGroup var store: StoreOptions

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

        @Option(
            help: ArgumentHelp(
                "On a hub: the name this repository had there, whose rows move to its name now.", valueName: "name"))
        var renamedFrom: String?

        @Option(
            help: ArgumentHelp(
                "On a hub: the branch a detached HEAD (a CI checkout) was taken from.", valueName: "name"))
        var branch: String?

        @Flag(help: "On a hub: sync this tree although the hub follows another branch or a newer commit (recorded).")
        var forceBranch = false

        @OptionGroup var output: FormatOptions

        @Argument(help: "Files or folders to sync (default: the configured folders).")
        var paths: [String] = []

        func run() async throws {
            let workspace = try global.workspace(store)
            var options = SyncOptions()
            options.paths = paths
            options.dryRun = dryRun
            options.check = check
            options.writeIDs = !noWriteIds
            options.full = full
            options.allowMassRemoval = allowMassRemoval
            options.renamedFrom = renamedFrom
            options.branch = branch
            options.forceBranch = forceBranch
            // The list of changes is shown by a dry run and in JSON; otherwise only counted.
            options.listChanges = output.json || dryRun || check
            let report = try await ExitStatus.run("sync") { try await workspace.sync(options) }
            if output.json {
                Terminal.output(JSONRenderer.encode(report))
            } else {
                Terminal.output(report.text(color: Terminal.useColor))
            }
            let failed = !report.skippedFiles.isEmpty || !report.writeFailures.isEmpty || report.brake != nil
            if failed || (check && report.hasChanges) { throw ExitStatus.problems }
        }

    }
}
