import ArgumentParser
import Foundation
import WorkplanKit

extension WorkplanCommand {
    /// `workplan close`.
    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "close",
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

        @OptionGroup var store: StoreOptions

        @OptionGroup var write: WriteOptions

        @OptionGroup var output: FormatOptions

        func validate() throws {
            if cancelOpen, carryForwardTo != nil {
                throw ValidationError("--cancel-open and --carry-forward-to exclude each other")
            }
        }

        func run() async throws {
            let workspace = try global.workspace(store)
            let change = try await ExitStatus.run("close") {
                try await workspace.close(
                    id, date: date, cancelOpen: cancelOpen, carryForwardTo: carryForwardTo,
                    expecting: write.expectation, dryRun: write.dryRun)
            }
            if write.dryRun {
                Terminal.output(change.diff)
                return
            }
            guard let closure = change.closure else { return }
            if output.json {
                Terminal.output(JSONRenderer.encode(closure))
                return
            }
            let changed = change.results.filter(\.changed).map(\.path)
            Terminal.output("closed \(closure.write.workplan) on \(closure.write.date): \(closure.write.outcome)\n")
            Terminal.output(changed.isEmpty ? "nothing changed\n" : "wrote \(changed.joined(separator: ", "))\n")
            if let store = change.store { Terminal.output(store.text + "\n") }
        }
    }

    /// `workplan new`.
    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Create a workplan with the next free id and the standard sections.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "The domain slug.") var domain: String
        @Option(help: "The title.") var title: String
        @Option(help: "The id prefix (default: the one prefix in use).") var prefix: String?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let workspace = try global.workspace(store)
            let created: Workspace.Created
            do {
                created = try await workspace.newWorkplan(domain: domain, title: title, prefix: prefix)
            } catch let error as WorkplanRunError {
                Terminal.error(error.errorDescription ?? "cannot load the workplans")
                throw ExitStatus.cannotRun
            } catch {
                Terminal.error((error as? LocalizedError)?.errorDescription ?? "refused")
                throw ExitStatus.problems
            }
            let path = WorkplanSource.display(created.path, relativeTo: workspace.workingDirectory)
            Terminal.output("created \(path) (\(created.id))\n")
            if let store = created.store { Terminal.output(store.text + "\n") }
        }
    }
}
