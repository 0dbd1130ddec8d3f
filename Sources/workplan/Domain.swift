import ArgumentParser
import Foundation
import WorkplanKit

extension WorkplanCommand {
    /// `workplan domain`: the registry of domains (`domains:` or `domains_file:` in .workplan.yml).
    struct Domain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "domain",
            abstract: "List and declare the project's domains (the registry in .workplan.yml).",
            subcommands: [List.self, Add.self, Rename.self, Archive.self])

        /// A registry change as every domain command prints it: JSON, the diff of a dry run, or
        /// `SLUG: DONE`.
        static func render(_ result: DomainWrite, json: Bool, dryRun: Bool, done: String) {
            if json {
                Terminal.output(JSONRenderer.encode(result))
            } else if dryRun {
                Terminal.output(result.diff)
            } else {
                Terminal.output("\(result.slug): \(done)\n")
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "list",
                abstract: "List the declared domains and those the workplans use, with their counts from the files.",
                discussion:
                    "With --hub, the same across every repository of the PostgreSQL hub, from what their last syncs recorded: registries merged, counts summed, and the repositories that declare or use each domain."
            )

            @OptionGroup var global: GlobalOptions
            @OptionGroup var store: StoreOptions
            @OptionGroup var output: FormatOptions

            @Flag(help: "List the domains of every repository of the hub, not this repository's files.")
            var hub = false

            func run() async throws {
                let workspace = try global.workspace(store)
                let listing = try await ExitStatus.run("domain list") {
                    hub ? try await workspace.hubDomainList() : try workspace.domainList()
                }
                Terminal.output(output.json ? JSONRenderer.encode(listing) : listing.text)
            }
        }

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "add",
                abstract: "Declare a domain in the registry.",
                discussion:
                    "Adds the domain under 'domains:' in .workplan.yml, or to the domains_file it names, changing no other byte. Without a registry yet, it creates one that also declares every domain the workplans use (named after their slugs), so that none becomes an unknown-domain error. Exit status: 0 added; 1 refused (a bad or existing slug); 2 could not run."
            )

            @OptionGroup var global: GlobalOptions

            @Argument(help: "The slug: lower-case letters, digits, '-' and '_', starting with a letter.")
            var slug: String

            @Option(help: "The domain's name, for people.")
            var name: String

            @Option(help: "What the domain is for.")
            var description: String?

            @Flag(help: "Print a unified diff of what would change; write nothing.")
            var dryRun = false

            @OptionGroup var output: FormatOptions

            func run() async throws {
                let workspace = try global.workspace()
                let domain = DomainRegistry.Domain(slug: slug, name: name, description: description)
                let result = try await ExitStatus.run("domain add") {
                    try workspace.addDomain(domain, dryRun: dryRun)
                }
                Domain.render(result, json: output.json, dryRun: dryRun, done: "declared in \(result.file)")
            }
        }

        struct Rename: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "rename",
                abstract: "Rename a domain in the registry and in every workplan that uses it.",
                discussion:
                    "Replaces the slug in the registry (and its name with --name) and the domain: value of every workplan naming OLD, nothing else. A rename a crash interrupted is finished by running the same command again; the next sync records the change per workstream. Exit status: 0 renamed; 1 refused (an undeclared OLD, a NEW already declared, a bad slug, a file that cannot be edited safely); 2 could not run."
            )

            @OptionGroup var global: GlobalOptions

            @Argument(help: "The current slug.")
            var old: String

            @Argument(help: "The new slug.")
            var new: String

            @Option(help: "A new name for the domain.")
            var name: String?

            @Flag(help: "Print a unified diff of what would change; write nothing.")
            var dryRun = false

            @OptionGroup var output: FormatOptions

            func run() async throws {
                let workspace = try global.workspace()
                let result = try await ExitStatus.run("domain rename") {
                    try workspace.renameDomain(old, to: new, name: name, dryRun: dryRun)
                }
                if output.json {
                    Terminal.output(JSONRenderer.encode(result))
                } else if dryRun {
                    Terminal.output(result.diff)
                } else {
                    let files = result.files.count
                    Terminal.output(
                        "\(old) -> \(new): \(files) \(files == 1 ? "file" : "files") changed"
                            + (result.resumed ? " (an interrupted rename finished)" : "") + "\n")
                }
            }
        }

        struct Archive: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "archive",
                abstract: "Mark a domain archived in the registry.",
                discussion:
                    "Sets the domain's status to archived, changing no other byte. Refused while a draft, active or blocked workplan uses it (each is named). Exit status: 0 archived (or already so); 1 refused; 2 could not run."
            )

            @OptionGroup var global: GlobalOptions

            @Argument(help: "The domain's slug.")
            var slug: String

            @Flag(help: "Print a unified diff of what would change; write nothing.")
            var dryRun = false

            @OptionGroup var output: FormatOptions

            func run() async throws {
                let workspace = try global.workspace()
                let result = try await ExitStatus.run("domain archive") {
                    try workspace.archiveDomain(slug, dryRun: dryRun)
                }
                Domain.render(
                    result, json: output.json, dryRun: dryRun,
                    done: result.written ? "archived in \(result.file)" : "already archived")
            }
        }
    }
}
