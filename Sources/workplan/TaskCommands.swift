import ArgumentParser
import Foundation
import WorkplanKit

/// Plans one write with `plan` and carries it out through `WorkplanWrites`, then reports it:
/// the diff of a dry run, else text or the `WriteResult` as JSON. Exit 1 refused, 3 conflict.
func writeChange(
    _ global: GlobalOptions, _ dryRun: Bool, json: Bool,
    _ plan: (WorkplanSet) throws(EditRefusal) -> WorkplanWrites.Planned
) async throws {
    let configuration = try global.loadConfiguration()
    let outcome = try await ExitStatus.run("edit") {
        try await WorkplanWrites.perform(configuration, workingDirectory: global.workingDirectory, dryRun: dryRun, plan)
    }
    if dryRun {
        Terminal.output(outcome.diff)
        return
    }
    for result in outcome.results {
        if json {
            Terminal.output(JSONRenderer.encode(result))
        } else {
            let subject = result.task ?? result.workplan ?? result.path
            Terminal.output(result.changed ? "\(subject): wrote \(result.path)\n" : "\(subject): nothing to change\n")
        }
    }
}

extension WorkplanCommand {
    /// `workplan task`.
    struct Task: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a task, or change one in place.",
            discussion:
                "Every change is checked by parsing the result before it is written, atomically. Exit status: 0 written (or nothing to change), 1 refused, 2 could not run, 3 the file or the value is no longer what --if-status / --if-hash say, or the file changed while the command ran.",
            subcommands: [Add.self, SetStatus.self, SetPriority.self])

        /// `workplan task add`.
        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
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
            @OptionGroup var write: WriteOptions
            @OptionGroup var output: FormatOptions

            func run() async throws {
                var task = NewTask(title: title, phase: phase)
                task.priority = priority
                task.status = status
                task.dependsOn = dependsOn
                task.description = description == "-" ? readStandardInput() : description
                let taken = try IDCensus.declaredElsewhere(
                    global.loadConfiguration(), workingDirectory: global.workingDirectory, prefix: workplanID + "-T")
                try await writeChange(global, write.dryRun, json: output.json) { set throws(EditRefusal) in
                    let (change, taskID) = try TaskAdder.plan(
                        task, to: workplanID, force: force, expecting: write.expectation, today: today(), in: set,
                        taken: taken)
                    return WorkplanWrites.Planned(changes: [change], workplan: workplanID, task: taskID)
                }
            }

            private func readStandardInput() -> String {
                String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            }
        }

        /// `workplan task set-status`.
        struct SetStatus: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Set a task's status (todo, in_progress, blocked, done, cancelled, carried_forward).")

            @OptionGroup var global: GlobalOptions
            @Argument(help: "The task id.") var taskID: String
            @Argument(help: "The new status.") var status: String
            @Option(help: "With carried_forward: the task it was carried to.") var carriedTo: String?
            @Flag(help: "Reopen a task of a completed or archived workplan.") var force = false
            @OptionGroup var write: WriteOptions
            @OptionGroup var output: FormatOptions

            func run() async throws {
                try await writeChange(global, write.dryRun, json: output.json) { set throws(EditRefusal) in
                    let change = try TaskEditor.setStatus(
                        taskID, to: status, carriedTo: carriedTo, force: force, expecting: write.expectation,
                        today: today(), in: set)
                    return WorkplanWrites.Planned(
                        changes: [change], workplan: set.workplan(holdingTask: taskID)?.workplan.id, task: taskID)
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
            @OptionGroup var write: WriteOptions
            @OptionGroup var output: FormatOptions

            func run() async throws {
                try await writeChange(global, write.dryRun, json: output.json) { set throws(EditRefusal) in
                    let change = try TaskEditor.setPriority(
                        taskID, to: priority, expecting: write.expectation, today: today(), in: set)
                    return WorkplanWrites.Planned(
                        changes: [change], workplan: set.workplan(holdingTask: taskID)?.workplan.id, task: taskID)
                }
            }
        }
    }

    /// `workplan ready`.
    struct Ready: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the tasks that can be started now.",
            discussion:
                "todo tasks of active workplans whose depends_on tasks are done and whose workplan's blocking dependencies are finished, by priority then file order; read from the files."
        )

        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this domain.") var domain: String?
        @Option(help: "Only this workplan.") var workplan: String?
        @OptionGroup var output: FormatOptions

        func run() async throws {
            let configuration = try global.loadConfiguration()
            let set = try await ExitStatus.run("loading workplans") {
                try await WorkplanSet.load(configuration, workingDirectory: global.workingDirectory)
            }
            let ready = ReadyTasks.find(in: set, domain: domain, workplan: workplan)
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
