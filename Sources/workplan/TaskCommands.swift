import ArgumentParser
import Foundation
import WorkplanKit

/// Reports a one-file write: the diff of a dry run; else a line for the file and the store's
/// outcome, or `{"write": …, "store": …}` in JSON. Exit 1 refused, 3 conflict (`ExitStatus.run`).
func report(_ change: WrittenChange, dryRun: Bool, json: Bool) {
    if dryRun {
        Terminal.output(change.diff)
        return
    }
    if json, let single = change.single {
        Terminal.output(JSONRenderer.encode(single))
        return
    }
    for result in change.results {
        let subject = result.task ?? result.workplan ?? result.path
        Terminal.output(result.changed ? "\(subject): wrote \(result.path)\n" : "\(subject): nothing to change\n")
    }
    if let store = change.store { Terminal.output(store.text + "\n") }
}

extension WorkplanCommand {
    /// `workplan task`.
    struct Task: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "task",
            abstract: "Add a task, or change one in place.",
            discussion:
                "Every change is checked by parsing the result before it is written, atomically. Exit status: 0 written (or nothing to change), 1 refused, 2 could not run, 3 the file or the value is no longer what --if-status / --if-hash say, or the file changed while the command ran.",
            subcommands: [Add.self, SetStatus.self, SetPriority.self])

        /// `workplan task add`.
        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "add",
                abstract: "Add a task with the next id at the end of a phase of a workplan.")

            @OptionGroup var global: GlobalOptions
            @Argument(help: "The workplan id.") var workplanID: String
            @Option(help: "The task's title (its heading).") var title: String
            @Option(help: "The phase heading (default: the last phase with a task; a new one if none matches).")
            var phase: String?
            @Option(help: "critical, high, medium or low.") var priority = "medium"
            @Option(help: "The initial status.") var status = "todo"
            @Option(name: .customLong("depends-on"), help: "A task it depends on (repeatable).")
            var dependsOn: [String] = []
            @Option(help: "The description below the block; - reads it from standard input.") var description: String?
            @Flag(help: "Add to a completed or archived workplan.") var force = false
            @OptionGroup var store: StoreOptions
            @OptionGroup var write: WriteOptions
            @OptionGroup var output: FormatOptions

            func run() async throws {
                var task = NewTask(title: title, phase: phase)
                task.priority = priority
                task.status = status
                task.dependsOn = dependsOn
                task.description = description == "-" ? readStandardInput() : description
                let workspace = try global.workspace(store)
                let change = try await ExitStatus.run("edit") {
                    try await workspace.addTask(
                        task, to: workplanID, force: force, expecting: write.expectation, dryRun: write.dryRun)
                }
                report(change, dryRun: write.dryRun, json: output.json)
            }

            private func readStandardInput() -> String {
                String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            }
        }

        /// `workplan task set-status`.
        struct SetStatus: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "set-status",
                abstract: "Set a task's status (todo, in_progress, blocked, done, cancelled, carried_forward).")

            @OptionGroup var global: GlobalOptions
            @Argument(help: "The task id.") var taskID: String
            @Argument(help: "The new status.") var status: String
            @Option(help: "With carried_forward: the task it was carried to.") var carriedTo: String?
            @Flag(help: "Reopen a task of a completed or archived workplan.") var force = false
            @OptionGroup var store: StoreOptions
            @OptionGroup var write: WriteOptions
            @OptionGroup var output: FormatOptions

            func run() async throws {
                let workspace = try global.workspace(store)
                let change = try await ExitStatus.run("edit") {
                    try await workspace.setTaskStatus(
                        taskID, to: status, carriedTo: carriedTo, force: force, expecting: write.expectation,
                        dryRun: write.dryRun)
                }
                report(change, dryRun: write.dryRun, json: output.json)
            }
        }

        /// `workplan task set-priority`.
        struct SetPriority: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "set-priority",
                abstract: "Set a task's priority (critical, high, medium, low).")

            @OptionGroup var global: GlobalOptions
            @Argument(help: "The task id.") var taskID: String
            @Argument(help: "The new priority.") var priority: String
            @OptionGroup var store: StoreOptions
            @OptionGroup var write: WriteOptions
            @OptionGroup var output: FormatOptions

            func run() async throws {
                let workspace = try global.workspace(store)
                let change = try await ExitStatus.run("edit") {
                    try await workspace.setTaskPriority(
                        taskID, to: priority, expecting: write.expectation, dryRun: write.dryRun)
                }
                report(change, dryRun: write.dryRun, json: output.json)
            }
        }
    }

    /// `workplan ready`.
    struct Ready: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ready",
            abstract: "List the tasks that can be started now.",
            discussion:
                "todo tasks of active workplans whose depends_on tasks are done and whose workplan's blocking dependencies are finished, by priority then file order; read from the files."
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var store: StoreOptions
        @Option(help: "Only this domain.") var domain: String?
        @Option(help: "Only this workplan.") var workplan: String?
        @Flag(
            help:
                "Every repository of the PostgreSQL hub, dependencies followed across repositories (as the read API's ready=true)."
        )
        var hub = false
        @OptionGroup var output: FormatOptions

        func run() async throws {
            let workspace = try global.workspace(store)
            if hub {
                let tasks = try await ExitStatus.run("ready --hub") {
                    try await workspace.hubReady(domain: domain, workplan: workplan)
                }
                if output.json { return Terminal.output(JSONRenderer.encode(["tasks": tasks])) }
                for task in tasks {
                    let priority = (task.priority ?? "-").padding(toLength: 9, withPad: " ", startingAt: 0)
                    Terminal.output("\(priority)\(task.repository): \(task.id)  \(task.title)\n")
                }
                return Terminal.output(tasks.count == 1 ? "1 ready task\n" : "\(tasks.count) ready tasks\n")
            }
            let ready = try await ExitStatus.run("loading workplans") {
                try workspace.ready(domain: domain, workplan: workplan)
            }
            if output.json {
                Terminal.output(JSONRenderer.encode(ReadyReport(tasks: ready)))
                return
            }
            for task in ready {
                let priority = (task.priority ?? "-").padding(toLength: 9, withPad: " ", startingAt: 0)
                Terminal.output("\(priority)\(task.id)  \(task.title)  (\(task.path):\(task.line))\n")
            }
            Terminal.output(ready.count == 1 ? "1 ready task\n" : "\(ready.count) ready tasks\n")
        }
    }
}
