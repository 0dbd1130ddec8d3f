import ArgumentParser
import Foundation
import WorkplanKit

/// Today's date in the local calendar, YYYY-MM-DD.
func today() -> String { WorkplanWrites.today() }

extension WorkplanCommand {
    /// `workplan close`.
    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close a workplan: classify every task, write the Closure Review, mark it completed.",
            discussion:
                "Open tasks (todo, in_progress, blocked) need --cancel-open or --carry-forward-to. Running close again on a closed workplan regenerates its review in place."
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The workplan id.")
        var id: String

        @Option(help: "The closure date, YYYY-MM-DD (default: the review's date when regenerating, else today).")
        var date: String?

        @Flag(help: "Cancel the open tasks.")
        var cancelOpen = false

        @Option(help: "Carry the open tasks into this workplan.")
        var carryForwardTo: String?

        @OptionGroup var write: WriteOptions

        func validate() throws {
            if cancelOpen, carryForwardTo != nil {
                throw ValidationError("--cancel-open and --carry-forward-to exclude each other")
            }
        }

        func run() async throws {
            let configuration = try global.loadConfiguration()
            let workingDirectory = global.workingDirectory
            var outcome = try await ExitStatus.run("close") {
                try await WorkplanWrites.perform(
                    configuration, workingDirectory: workingDirectory, dryRun: write.dryRun
                ) {
                    set throws(EditRefusal) in
                    let plan = try WorkplanCloser.plan(
                        id, date: date, cancelOpen: cancelOpen, carryForwardTo: carryForwardTo,
                        expecting: write.expectation, today: today(), in: set)
                    return WorkplanWrites.Planned(
                        changes: plan.changes, workplan: plan.workplanID, task: nil, closure: plan)
                }
            }
            if write.dryRun {
                Terminal.output(outcome.diff)
                return
            }
            guard let plan = outcome.planned.closure else { return }
            let changed = outcome.results.filter(\.changed).map(\.path)
            Terminal.output("closed \(plan.workplanID) on \(plan.date): \(plan.outcome)\n")
            Terminal.output(changed.isEmpty ? "nothing changed\n" : "wrote \(changed.joined(separator: ", "))\n")
            do {
                if let report = try await WorkplanWrites.syncWritten(
                    &outcome, configuration: configuration, workingDirectory: workingDirectory)
                {
                    Terminal.output("store: " + report.summary + "\n")
                }
            } catch {
                Terminal.error(error.errorDescription ?? "the store was not updated: run 'workplan sync'")
                throw ExitStatus.problems
            }
        }
    }

    /// `workplan new`.
    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a workplan with the next free id and the standard sections.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "The domain slug.") var domain: String
        @Option(help: "The title.") var title: String
        @Option(help: "The id prefix (default: the one prefix in use).") var prefix: String?

        func run() async throws {
            let configuration = try global.loadConfiguration()
            let workingDirectory = global.workingDirectory
            // Only the workplan ids: read from the front matter at the head of each file.
            let ids = try await ExitStatus.run("loading workplans") {
                try FrontMatterIDs.ids(configuration, workingDirectory: workingDirectory)
            }
            let folder = configuration.folderURLs.first?.path ?? configuration.root.path
            do {
                let taken = IDCensus.declaredElsewhere(
                    configuration, workingDirectory: workingDirectory,
                    prefix: try WorkplanCreator.prefix(prefix, ids: ids) + "-WP-")
                let plan = try WorkplanCreator.plan(
                    domain: domain, title: title, prefix: prefix, today: today(), folder: folder,
                    configuration: configuration, ids: ids, taken: taken)
                try WorkplanCreator.write(plan.text, to: plan.path)
                Terminal.output(
                    "created \(WorkplanSource.display(plan.path, relativeTo: global.workingDirectory)) (\(plan.id))\n")
            } catch {
                Terminal.error(error.errorDescription ?? "refused")
                throw ExitStatus.problems
            }
        }
    }
}
