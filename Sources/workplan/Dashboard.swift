import ArgumentParser
import Foundation
import WorkplanKit

extension WorkplanCommand {
    /// `workplan dashboard`.
    struct Dashboard: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dashboard",
            abstract: "Write the dashboard of the state store as a static site: every repository it holds.",
            discussion:
                "The pages `workplan serve` renders, with relative links: an overview per domain, repository and status, and a page per workstream. Plain HTML and CSS, no script, no network at view time. The same store and files give the same bytes."
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var store: StoreOptions
        @Option(help: "The folder to write the site into.") var out = "site"
        @Option(help: "The overview's title.") var title = "Workplans"
        @Option(help: "Link each task to its line at this URL prefix (e.g. https://host/repo/blob/main).")
        var baseURL: String?

        func run() async throws {
            let workspace = try global.workspace(store)
            let workingDirectory = workspace.workingDirectory
            var options = StaticSite.Options()
            options.title = title
            options.baseURL = baseURL
            let site = try await ExitStatus.run("dashboard") { try await workspace.staticSite(options) }
            let folder = WorkplanLoader.absolutePath(out, workingDirectory: workingDirectory)
            try await ExitStatus.run("dashboard") { try await site.write(to: folder) }
            Terminal.output(
                "wrote \(WorkplanSource.display(folder, relativeTo: workingDirectory))/index.html and \(site.workstreamCount) workstream pages\n"
            )
        }
    }
}
