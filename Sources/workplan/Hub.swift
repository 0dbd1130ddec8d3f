import ArgumentParser
import Foundation
import WorkplanKit

extension WorkplanCommand {
    /// `workplan hub`: what a hub's owner runs.
    struct Hub: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hub",
            abstract: "Manage a PostgreSQL hub: its schema and roles, and the repositories it holds.",
            subcommands: [Init.self, Repos.self, Forget.self])

        struct Init: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "init",
                abstract: "Create or migrate the hub's schema (run once by its owner).",
                discussion:
                    "With --roles, also create the roles workplan_writer (sync and the task commands) and workplan_reader (status, dashboard), and grant each exactly what it needs; run it again after an upgrade. Exit status: 0 done; 2 the hub could not be initialised (no rights, unreachable)."
            )

            @OptionGroup var global: GlobalOptions
            @OptionGroup var store: StoreOptions

            @Flag(help: "Also create the roles workplan_writer and workplan_reader and grant them their rights.")
            var roles = false

            @OptionGroup var output: FormatOptions

            func run() async throws {
                let workspace = try global.workspace(store)
                let report = try await ExitStatus.run("hub init") { try await workspace.hubInit(roles: roles) }
                if output.json {
                    Terminal.output(JSONRenderer.encode(report))
                    return
                }
                var text =
                    report.migrations.isEmpty
                    ? "schema: current\n" : "schema: applied \(report.migrations.joined(separator: ", "))\n"
                if !report.createdRoles.isEmpty {
                    text += "roles created: \(report.createdRoles.joined(separator: ", "))\n"
                }
                if !report.grantedRoles.isEmpty {
                    text += "roles granted: \(report.grantedRoles.joined(separator: ", "))\n"
                }
                Terminal.output(text)
            }
        }

        struct Repos: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "repos",
                abstract: "List the hub's repositories: identity, followed branch, last commit and sync, counts.")

            @OptionGroup var global: GlobalOptions
            @OptionGroup var store: StoreOptions
            @OptionGroup var output: FormatOptions

            func run() async throws {
                let workspace = try global.workspace(store)
                let list = try await ExitStatus.run("hub repos") { try await workspace.hubRepositories() }
                Terminal.output(output.json ? JSONRenderer.encode(list.repositoryListJSON) : list.repositoryList)
            }
        }

        struct Forget: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "forget",
                abstract: "Remove every row of a repository from the hub (its owner), recorded in the hub's audit.",
                discussion: "Exit status: 0 removed; 2 refused (no --yes, an unknown repository, no rights).")

            @OptionGroup var global: GlobalOptions
            @OptionGroup var store: StoreOptions

            @Argument(help: "The repository's name, as 'workplan hub repos' lists it.")
            var repository: String

            @Flag(help: "Really remove its rows.")
            var yes = false

            @OptionGroup var output: FormatOptions

            func run() async throws {
                let workspace = try global.workspace(store)
                guard yes else {
                    Terminal.error(
                        "hub forget removes every row of '\(repository)' from the hub; run it again with --yes")
                    throw ExitStatus.cannotRun
                }
                let report = try await ExitStatus.run("hub forget") { try await workspace.hubForget(repository) }
                if output.json {
                    Terminal.output(JSONRenderer.encode(report))
                    return
                }
                let counts = report.rows.filter { $0.value > 0 }.sorted { $0.key < $1.key }
                    .map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                Terminal.output("forgot \(report.repository): removed \(counts.isEmpty ? "nothing" : counts)\n")
            }
        }
    }
}
