import Foundation
import MCP
import WorkplanKit

/// The MCP tools and resources, each a call into WorkplanKit. Results are the JSON the command
/// line prints with `--format json`, as text and as structured content; a refusal is a tool error
/// with the command line's message, starting `conflict:` when compare-and-set refused it.
struct WorkplanTools: Sendable {
    let configuration: Configuration
    let workingDirectory: String

    /// Runs one tool call; never throws: every failure is a tool error.
    func call(_ name: String, arguments: [String: Value]) async -> CallTool.Result {
        let arguments = ToolArguments(values: arguments)
        do {
            try arguments.check(against: Self.definitions.first { $0.name == name }, tool: name)
            let json = try await run(name, arguments)
            let value = try JSONDecoder().decode(Value.self, from: Data(json.utf8))
            return CallTool.Result(
                content: [.text(text: json, annotations: nil, _meta: nil)], structuredContent: Optional(value),
                isError: false)
        } catch let failure as ToolFailure {
            return CallTool.Result(content: [.text(text: failure.message, annotations: nil, _meta: nil)], isError: true)
        } catch let refusal as EditRefusal {
            let message = refusal.errorDescription ?? "refused"
            return CallTool.Result(
                content: [
                    .text(text: refusal.isConflict ? "conflict: " + message : message, annotations: nil, _meta: nil)
                ], isError: true)
        } catch let error as LocalizedError {
            return CallTool.Result(
                content: [.text(text: error.errorDescription ?? "\(error)", annotations: nil, _meta: nil)],
                isError: true)
        } catch {
            return CallTool.Result(content: [.text(text: "\(error)", annotations: nil, _meta: nil)], isError: true)
        }
    }

    private func run(_ name: String, _ arguments: ToolArguments) async throws -> String {
        switch name {
        case "list_workplans": return JSONRenderer.encode(try await listing(domain: arguments.optionalString("domain")))
        case "show_workplan":
            // Only workplans of the configured folders, by id or path: never another file.
            let wanted = try arguments.string("id")
            let set = try await WorkplanSet.load(configuration, workingDirectory: workingDirectory)
            guard
                let (_, workplan) = set.entries.first(where: {
                    $0.workplan.id == wanted || $0.source.displayPath == wanted || $0.source.absolutePath == wanted
                })
            else { throw ToolFailure(message: "no workplan with id or path \(wanted) under the configured folders") }
            return JSONRenderer.encode(WorkplanSummary(workplan))
        case "ready_tasks":
            let set = try await WorkplanSet.load(configuration, workingDirectory: workingDirectory)
            let tasks = ReadyTasks.find(
                in: set, domain: arguments.optionalString("domain"), workplan: arguments.optionalString("workplan"))
            return JSONRenderer.encode(ReadyReport(tasks: tasks))
        case "lint":
            let report = try await LintRunner.run(
                paths: try arguments.strings("paths"), staged: false, configuration: configuration,
                workingDirectory: workingDirectory, useCache: true)
            return JSONRenderer.render(report)
        case "sync":
            var options = SyncOptions()
            options.listChanges = true
            options.dryRun = try arguments.bool("dry_run")
            let engine = SyncEngine(configuration: configuration, workingDirectory: workingDirectory)
            return JSONRenderer.encode(try await engine.run(options))
        case "add_task", "set_task_status", "set_task_priority", "close_workplan":
            return try await write(name, arguments)
        default:
            throw ToolFailure(message: "unknown tool '\(name)'")
        }
    }

    private func listing(domain: String?) async throws -> WorkplanListing {
        let set = try await WorkplanSet.load(configuration, workingDirectory: workingDirectory)
        return WorkplanListing(set, domain: domain)
    }

    /// The write tools: plan with the same library call as the command, write, then sync the
    /// written files when a store exists.
    private func write(_ name: String, _ arguments: ToolArguments) async throws -> String {
        let planned = try plan(name, arguments)
        let dryRun = try arguments.bool("dry_run")
        let today = WorkplanWrites.today()
        var outcome = try await WorkplanWrites.perform(
            configuration, workingDirectory: workingDirectory, dryRun: dryRun
        ) {
            set throws(EditRefusal) in try planned(set, today)
        }
        if dryRun { return JSONRenderer.encode(DryRunResult(diff: outcome.diff, files: outcome.results)) }
        let report = try await WorkplanWrites.syncWritten(
            &outcome, configuration: configuration, workingDirectory: workingDirectory)
        if name == "close_workplan" {
            let closure = outcome.planned.closure
            return JSONRenderer.encode(
                ClosureResult(
                    workplan: outcome.planned.workplan, date: closure?.date, outcome: closure.map { "\($0.outcome)" },
                    files: outcome.results, store: report?.summary))
        }
        guard let result = outcome.results.first else { throw ToolFailure(message: "nothing was planned") }
        return JSONRenderer.encode(result)
    }

    private typealias Plan = @Sendable (WorkplanSet, String) throws(EditRefusal) -> WorkplanWrites.Planned

    private func plan(_ name: String, _ arguments: ToolArguments) throws(ToolFailure) -> Plan {
        let expectation = arguments.expectation
        switch name {
        case "add_task":
            let workplanID = try arguments.string("workplan")
            var task = NewTask(title: try arguments.string("title"), phase: arguments.optionalString("phase"))
            task.priority = arguments.optionalString("priority") ?? task.priority
            task.status = arguments.optionalString("status") ?? task.status
            task.dependsOn = try arguments.strings("depends_on")
            task.description = arguments.optionalString("description")
            let force = try arguments.bool("force")
            let newTask = task
            let taken = IDCensus.declaredElsewhere(
                configuration, workingDirectory: workingDirectory, prefix: workplanID + "-T")
            return { set, today throws(EditRefusal) in
                let (change, taskID) = try TaskAdder.plan(
                    newTask, to: workplanID, force: force, expecting: expectation, today: today, in: set, taken: taken)
                return WorkplanWrites.Planned(changes: [change], workplan: workplanID, task: taskID)
            }
        case "set_task_status":
            let (taskID, status) = (try arguments.string("task"), try arguments.string("status"))
            let (carriedTo, force) = (arguments.optionalString("carried_to"), try arguments.bool("force"))
            return { set, today throws(EditRefusal) in
                let change = try TaskEditor.setStatus(
                    taskID, to: status, carriedTo: carriedTo, force: force, expecting: expectation, today: today,
                    in: set)
                return WorkplanWrites.Planned(
                    changes: [change], workplan: set.workplan(holdingTask: taskID)?.workplan.id, task: taskID)
            }
        case "set_task_priority":
            let (taskID, priority) = (try arguments.string("task"), try arguments.string("priority"))
            return { set, today throws(EditRefusal) in
                let change = try TaskEditor.setPriority(
                    taskID, to: priority, expecting: expectation, today: today, in: set)
                return WorkplanWrites.Planned(
                    changes: [change], workplan: set.workplan(holdingTask: taskID)?.workplan.id, task: taskID)
            }
        default:
            let workplanID = try arguments.string("workplan")
            let (date, cancelOpen) = (arguments.optionalString("date"), try arguments.bool("cancel_open"))
            let target = arguments.optionalString("carry_forward_to")
            if cancelOpen, target != nil {
                throw ToolFailure(message: "cancel_open and carry_forward_to exclude each other")
            }
            return { set, today throws(EditRefusal) in
                let plan = try WorkplanCloser.plan(
                    workplanID, date: date, cancelOpen: cancelOpen, carryForwardTo: target, expecting: expectation,
                    today: today, in: set)
                return WorkplanWrites.Planned(changes: plan.changes, workplan: workplanID, task: nil, closure: plan)
            }
        }
    }

    /// Each workplan file, by `file://` URI.
    func resources() async throws -> [Resource] {
        let set = try await WorkplanSet.load(configuration, workingDirectory: workingDirectory)
        return set.entries.map { source, workplan in
            Resource(
                name: workplan.id ?? source.displayPath, uri: URL(fileURLWithPath: source.absolutePath).absoluteString,
                title: workplan.title, description: source.displayPath, mimeType: "text/markdown")
        }
    }

    /// The text of a workplan file named by its URI; only files of the configured folders.
    func read(_ uri: String) async throws -> Resource.Content {
        let set = try await WorkplanSet.load(configuration, workingDirectory: workingDirectory)
        guard
            let (source, workplan) = set.entries.first(where: {
                URL(fileURLWithPath: $0.source.absolutePath).absoluteString == uri
            })
        else { throw MCPError.invalidParams("no workplan file has the URI \(uri)") }
        _ = source
        return .text(String(decoding: workplan.bytes, as: UTF8.self), uri: uri, mimeType: "text/markdown")
    }
}

/// A dry run of a write tool: the diff and what each file would become.
struct DryRunResult: Encodable {
    var diff: String
    var files: [WriteResult]
}

/// `close_workplan`: every file written, and the store's summary when one was synced.
struct ClosureResult: Encodable {
    var workplan: String?
    var date: String?
    var outcome: String?
    var files: [WriteResult]
    var store: String?
}
