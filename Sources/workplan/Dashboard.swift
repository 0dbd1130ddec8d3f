import ArgumentParser
import Foundation
import WorkplanKit

extension WorkplanCommand {
    /// `workplan dashboard`.
    struct Dashboard: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a static site of the state store: progress, open tasks, history and health.",
            discussion:
                "Plain HTML and CSS with a little inline JavaScript for the overview's filter; no network at view time. The same store and files give the same bytes."
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
            let data = try await ExitStatus.run("dashboard") { try await workspace.dashboardData() }
            var options = DashboardSite.Options()
            options.title = title
            options.baseURL = baseURL
            let folder = WorkplanLoader.absolutePath(out, workingDirectory: workingDirectory)
            try await ExitStatus.run("dashboard") { try await DashboardSite(data, options: options).write(to: folder) }
            Terminal.output(
                "wrote \(WorkplanSource.display(folder, relativeTo: workingDirectory))/index.html and \(data.workstreams.count) workstream pages\n"
            )
        }
    }
}
