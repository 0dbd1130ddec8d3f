import ArgumentParser
import Foundation
import WorkplanKit

/// Today's date in the local calendar, YYYY-MM-DD.
func today() -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "yyyy-MM-dd"
    return formatter.string(from: Date())
}

/// Prints diffs for a dry run, or writes changes all-or-nothing; a refusal is exit 1.
func apply(_ changes: [FileChange], dryRun: Bool) throws {
    if dryRun {
        Terminal.output(changes.map(\.unifiedDiff).joined())
        return
    }
    do {
        try ChangeWriter.write(changes)
    } catch {
        Terminal.error(error.errorDescription ?? "not written")
        throw ExitStatus.problems
    }
}

/// Loads the workplans, computes one task edit and applies it; a refusal is exit 1.
func editTask(
    _ global: GlobalOptions, dryRun: Bool,
    _ edit: (WorkplanSet) throws(EditRefusal) -> FileChange
) async throws {
    let configuration = try global.loadConfiguration()
    let set = try await ExitStatus.run("loading workplans") {
        try await WorkplanSet.load(configuration, workingDirectory: global.workingDirectory)
    }
    let change = try await ExitStatus.run("edit") { try edit(set) }
    try apply([change], dryRun: dryRun)
}

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

        @Flag(help: "Print a unified diff of what would change; write nothing.")
        var dryRun = false

        func validate() throws {
            if cancelOpen, carryForwardTo != nil {
                throw ValidationError("--cancel-open and --carry-forward-to exclude each other")
            }
        }

        func run() async throws {
            let configuration = try global.loadConfiguration()
            let set = try await ExitStatus.run("loading workplans") {
                try await WorkplanSet.load(configuration, workingDirectory: global.workingDirectory)
            }
            let plan = try await ExitStatus.run("close") {
                try WorkplanCloser.plan(
                    id, date: date, cancelOpen: cancelOpen, carryForwardTo: carryForwardTo, today: today(), in: set)
            }
            try apply(plan.changes, dryRun: dryRun)
            if dryRun { return }
            let changed = plan.changes.filter { !$0.isEmpty }.map(\.displayPath)
            Terminal.output("closed \(plan.workplanID) on \(plan.date): \(plan.outcome)\n")
            Terminal.output(changed.isEmpty ? "nothing changed\n" : "wrote \(changed.joined(separator: ", "))\n")
            let engine = SyncEngine(configuration: configuration, workingDirectory: global.workingDirectory)
            do {
                if let report = try await engine.recordClosure(plan, now: ISO8601DateFormatter().string(from: Date())) {
                    Terminal.output("store: " + report.summary + "\n")
                }
            } catch {
                Terminal.error(error.errorDescription ?? "the store was not updated: run 'workplan sync'")
                throw ExitStatus.problems
            }
        }
    }

    /// `workplan task`.
    struct Task: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change one task in place.", subcommands: [SetStatus.self, SetPriority.self])

        /// `workplan task set-status`.
        struct SetStatus: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Set a task's status (todo, in_progress, blocked, done, cancelled, carried_forward).")

            @OptionGroup var global: GlobalOptions
            @Argument(help: "The task id.") var taskID: String
            @Argument(help: "The new status.") var status: String
            @Option(help: "With carried_forward: the task it was carried to.") var carriedTo: String?
            @Flag(help: "Reopen a task of a completed or archived workplan.") var force = false
            @Flag(help: "Print a unified diff; write nothing.") var dryRun = false

            func run() async throws {
                try await editTask(global, dryRun: dryRun) { set throws(EditRefusal) in
                    try TaskEditor.setStatus(
                        taskID, to: status, carriedTo: carriedTo, force: force, today: today(), in: set)
                }
            }
        }

        /// `workplan task set-priority`.
        struct SetPriority: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Set a task's priority (critical, high, medium, low).")

            @OptionGroup var global: GlobalOptions
            @Argument(help: "The task id.") var taskID: String
            @Argument(help: "The new priority.") var priority: String
            @Flag(help: "Print a unified diff; write nothing.") var dryRun = false

            func run() async throws {
                try await editTask(global, dryRun: dryRun) { set throws(EditRefusal) in
                    try TaskEditor.setPriority(taskID, to: priority, today: today(), in: set)
                }
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
            let set = try await ExitStatus.run("loading workplans") {
                try await WorkplanSet.load(configuration, workingDirectory: global.workingDirectory)
            }
            let folder = configuration.folderURLs.first?.path ?? configuration.root.path
            do {
                let plan = try WorkplanCreator.plan(
                    domain: domain, title: title, prefix: prefix, today: today(), folder: folder,
                    configuration: configuration, in: set)
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
