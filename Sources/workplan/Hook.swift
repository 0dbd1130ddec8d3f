import ArgumentParser
import Foundation
import WorkplanKit

extension WorkplanCommand {
    /// `workplan hook`.
    struct Hook: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hook",
            abstract: "Manage the git pre-commit hook.", subcommands: [Install.self])

        /// `workplan hook install`.
        struct Install: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "install",
                abstract: "Write .git/hooks/pre-commit to lint staged workplans.")

            @Flag(help: "Replace a pre-commit hook that workplan did not write.")
            var force = false

            func run() throws {
                let directory = FileManager.default.currentDirectoryPath
                let executable = WorkplanLoader.absolutePath(CommandLine.arguments[0], workingDirectory: directory)
                do {
                    let hooks = try Git.hooksDirectory(of: directory)
                    switch try HookInstaller.install(hooksDirectory: hooks, executable: executable, force: force) {
                    case .installed(let path): Terminal.output("installed \(path)\n")
                    case .replaced(let path): Terminal.output("replaced \(path)\n")
                    case .unchanged(let path): Terminal.output("\(path) is already installed\n")
                    }
                } catch let error as HookInstaller.Refusal {
                    Terminal.error(error.errorDescription ?? "refused")
                    throw ExitStatus.problems
                } catch let error as WorkplanRunError {
                    Terminal.error(error.errorDescription ?? "failed")
                    throw ExitStatus.cannotRun
                }
            }
        }
    }
}
