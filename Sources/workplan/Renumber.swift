import ArgumentParser
import Foundation
import WorkplanKit

extension WorkplanCommand {
    /// `workplan renumber`.
    struct Renumber: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "renumber",
            abstract: "Change a workplan or task id and every reference to it, in every workplan.",
            discussion:
                "Changes the front matter id (and the workplan's task ids), the file name when it starts with the id, depends_on, blocks, carried_to, carried_from, dependency bullets and the Closure Review; headings and prose only with --text. UUIDs stay, so the next sync renames the rows in place. Running it again after a crash finishes it."
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The id to change.") var old: String
        @Argument(help: "The new id.") var new: String
        @Flag(help: "Also change the id where headings and prose mention it.") var text = false
        @Flag(help: "Print a unified diff and the rename; write nothing.") var dryRun = false

        func run() async throws {
            let workspace = try global.workspace()
            let (plan, text) = try await ExitStatus.run("renumber") {
                try workspace.planRenumber(old, to: new, text: self.text)
            }
            try report(plan, workingDirectory: global.workingDirectory, dryRun: dryRun)
            if dryRun { return }
            try await ExitStatus.run("renumber") { try workspace.apply(plan, text: text) }
        }
    }
}

/// Prints a renumbering: its diff and rename for a dry run, else one line.
func report(_ plan: RenumberPlan, workingDirectory: String, dryRun: Bool) throws {
    let renamed = plan.rename.map {
        "rename \(WorkplanSource.display($0.from, relativeTo: workingDirectory)) → "
            + "\(WorkplanSource.display($0.to, relativeTo: workingDirectory))\n"
    }
    if dryRun {
        Terminal.output(plan.changes.map(\.unifiedDiff).joined() + (renamed ?? ""))
        return
    }
    let files = plan.changes.filter { !$0.isEmpty }.count
    Terminal.output(
        "\(plan.old) → \(plan.new): \(plan.replacements) ids in \(files) \(files == 1 ? "file" : "files")\n"
            + (renamed ?? ""))
}

extension WorkplanCommand {
    /// `workplan doctor`.
    struct Doctor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "doctor",
            abstract: "Find duplicate workplan ids, task ids and store ids (after a merge) and fix them with --fix.",
            discussion:
                "The declaration on the default branch keeps the id, else the one git saw first, else the first by path; the others are renumbered (workplan renumber) to the next id free on every branch and in the store, or get a new store id; so does a store id that another repository of the hub holds live (a workplan copied from there). An interrupted renumbering is finished first. Exit status: 0 nothing to do (or all fixed), 1 problems found or left, 2 could not run."
        )

        @OptionGroup var global: GlobalOptions
        @Flag(help: "Carry out the fixes.") var fix = false
        @OptionGroup var output: FormatOptions

        func run() async throws {
            let workspace = try global.workspace()
            if fix {
                let fixed = try await ExitStatus.run("doctor") { try await workspace.fixDuplicates() }
                for issue in fixed { Terminal.output("fixed \(issue.description)\n") }
            }
            let left = try await ExitStatus.run("doctor") { try await workspace.diagnoseDuplicates() }
            if output.json {
                Terminal.output(JSONRenderer.encode(left))
            } else {
                for issue in left { Terminal.output(issue.description + "\n") }
                Terminal.output(
                    left.isEmpty ? "no duplicate ids\n" : "\(left.count) to fix: run workplan doctor --fix\n")
            }
            if !left.isEmpty { throw ExitStatus.problems }
        }
    }
}
