import ArgumentParser
import Foundation
import WorkplanBuildInfo
import WorkplanKit

/// The `workplan` command.
struct WorkplanCommand: AsyncParsableCommand {
    /// The package version: the one place it is written (`make dist` reads it from `--version`).
    static let version = "0.1.0"

    /// The version and, when the build was told, the commit it was built from: `0.1.0 (abc1234)`.
    static var versionWithCommit: String {
        let commit = String(cString: workplan_build_commit())
        return commit.isEmpty ? version : "\(version) (\(commit))"
    }

    /// The commands; `mcp` when built with the MCP trait (the default; not the portable release).
    static var subcommands: [any ParsableCommand.Type] {
        var commands: [any ParsableCommand.Type] = [
            Lint.self, Sync.self, Status.self, CleanupStale.self, Close.self, Task.self, Ready.self, New.self,
            Show.self, Renumber.self, Doctor.self, Domain.self, Dashboard.self, Hub.self, Hook.self, Rules.self,
            LSP.self,
        ]
        #if MCP
            commands.append(MCP.self)
        #endif
        #if HTTP
            commands.append(Serve.self)
        #endif
        return commands + [DebugBlocks.self]
    }

    static let configuration = CommandConfiguration(
        commandName: "workplan",
        abstract: "Markdown workplans as the source of truth for a team's project state.",
        version: versionWithCommit,
        subcommands: subcommands
    )
}

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .customLong("config"),
        help: "Configuration file (default: .workplan.yml found from the working directory up).")
    var configFile: String?

    /// The working directory.
    var workingDirectory: String { FileManager.default.currentDirectoryPath }

    /// The loaded configuration, found from `directory` (the working directory by default); a
    /// broken one is exit 2.
    func loadConfiguration(from directory: String? = nil) throws -> Configuration {
        do {
            if let configFile {
                return try ConfigurationLoader.read(
                    URL(fileURLWithPath: WorkplanLoader.absolutePath(configFile, workingDirectory: workingDirectory)))
            }
            return try ConfigurationLoader.load(from: URL(fileURLWithPath: directory ?? workingDirectory))
        } catch let error as ConfigurationError {
            Terminal.error(error.errorDescription ?? "invalid configuration")
            throw ExitStatus.cannotRun
        }
    }

    /// The workspace every command works in: the configuration, and the store `store` names
    /// (`--db`) or the environment and configuration do. For a command that uses the store
    /// (`store` given), a database no backend of this build opens (an unknown `scheme://`, or a
    /// hub without the PostgreSQL trait) is exit 2 before anything is done.
    ///
    /// `directory` stands for the working directory (the language server's client root).
    func workspace(_ store: StoreOptions? = nil, in directory: String? = nil) throws -> Workspace {
        var workspace = Workspace(
            configuration: try loadConfiguration(from: directory), workingDirectory: directory ?? workingDirectory,
            database: store?.db, servers: Backends.servers)
        workspace.tool = "workplan " + WorkplanCommand.versionWithCommit
        if store != nil, let problem = workspace.storeProblem {
            Terminal.error(problem.errorDescription ?? "invalid state store")
            throw ExitStatus.cannotRun
        }
        return workspace
    }
}

/// Writing to the terminal.
enum Terminal {
    /// Writes to standard output.
    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes an error line to standard error.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("workplan: " + text + "\n").utf8))
    }

    /// Whether to colour output: only on a terminal, never with NO_COLOR.
    static var useColor: Bool {
        let environment = ProcessInfo.processInfo.environment
        if let value = environment["NO_COLOR"], !value.isEmpty { return false }
        return isatty(STDOUT_FILENO) == 1 && environment["TERM"] != "dumb"
    }
}

extension OutputFormat: ExpressibleByArgument {}

@main
enum Main {
    static func main() async {
        do {
            var command = try WorkplanCommand.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = WorkplanCommand.exitCode(for: error)
            if code == .success || error is ExitCode {
                WorkplanCommand.exit(withError: error)
            }
            // Usage errors exit 2, as conventional command-line tools do.
            let message = WorkplanCommand.fullMessage(for: error)
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
