import ArgumentParser
import Foundation
import WorkplanKit

extension WorkplanCommand {
    /// `workplan lint`.
    struct Lint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract: "Check workplans for errors.",
            discussion:
                "Exit status: 0 no errors, 1 errors found (or warnings with --strict), 2 usage, configuration or I/O failure."
        )

        @OptionGroup var global: GlobalOptions

        @Option(help: "Output format: text, json, sarif or github.")
        var format: OutputFormat = .text

        @Flag(help: "Count warnings as errors for the exit status.")
        var strict = false

        @Flag(help: "Lint the staged versions of the staged workplan files.")
        var staged = false

        @Flag(help: "Parse every other workplan instead of reading what they declare from the lint cache.")
        var noCache = false

        @Flag(
            help:
                "Check that no id these files add is also added on the default branch or its upstream (on with --staged)."
        )
        var branchGuard = false

        @Option(
            name: .customLong("guard-ref"), help: "A branch to check ids against (repeatable; implies --branch-guard).")
        var guardRefs: [String] = []

        @Argument(help: "Files or folders to lint (default: the configured folders).")
        var paths: [String] = []

        func validate() throws {
            if staged, !paths.isEmpty { throw ValidationError("--staged takes no paths") }
        }

        func run() async throws {
            let workspace = try global.workspace()
            let (configuration, workingDirectory) = (workspace.configuration, workspace.workingDirectory)
            let report = try await ExitStatus.run("lint") {
                try await workspace.lint(
                    paths: paths, staged: staged, useCache: !noCache,
                    guardRefs: branchGuard || !guardRefs.isEmpty ? guardRefs : nil)
            }
            switch format {
            case .text:
                Terminal.output(TextRenderer(color: Terminal.useColor).render(report))
            case .json:
                Terminal.output(JSONRenderer.render(report))
            case .github:
                Terminal.output(GitHubRenderer.render(report))
            case .sarif:
                let root = (try? Git.topLevel(of: workingDirectory)) ?? configuration.root.path
                Terminal.output(
                    SARIFRenderer(
                        repositoryRoot: root, workingDirectory: workingDirectory, version: WorkplanCommand.version
                    ).render(report))
            }
            if report.count(.error) > 0 || (strict && report.count(.warning) > 0) {
                throw ExitStatus.problems
            }
        }
    }
}
