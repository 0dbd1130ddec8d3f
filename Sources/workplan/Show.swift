import ArgumentParser
import Foundation
import WorkplanKit

extension WorkplanCommand {
    /// `workplan show`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the parsed model of one workplan.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "Output format: text or json.")
        var format: OutputFormat = .text

        @Argument(help: "A workplan id or a file path.")
        var workplan: String

        func validate() throws {
            if format == .sarif || format == .github { throw ValidationError("show supports --format text or json") }
        }

        func run() async throws {
            let configuration = try global.loadConfiguration()
            let workingDirectory = global.workingDirectory
            let found = try await Terminal.run {
                try await WorkplanFinder.find(
                    workplan, configuration: configuration, workingDirectory: workingDirectory)
            }
            let summary = WorkplanSummary(found)
            Terminal.output(format == .json ? JSONRenderer.encode(summary) : summary.text)
            if !found.isReliable {
                for problem in found.problems {
                    Terminal.error(
                        "\(found.path):\(problem.location.line):\(problem.location.column): \(problem.message) [\(problem.rule)]"
                    )
                }
                throw ExitCode(1)
            }
        }
    }
}
