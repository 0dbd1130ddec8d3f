import ArgumentParser
import Foundation
import WorkplanKit

extension WorkplanCommand {
    /// `workplan show`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Print the parsed model of one workplan.")

        @OptionGroup var global: GlobalOptions

        @OptionGroup var output: FormatOptions

        @Argument(help: "A workplan id or a file path.")
        var workplan: String

        func run() async throws {
            let workspace = try global.workspace()
            let found = try await ExitStatus.run("show") { try workspace.show(workplan) }
            var summary = WorkplanSummary(found)
            if let id = found.id { summary.history = await workspace.history(of: id) }
            Terminal.output(output.json ? JSONRenderer.encode(summary) : summary.text)
            if !found.isReliable {
                for problem in found.problems {
                    Terminal.error(
                        "\(found.path):\(problem.location.line):\(problem.location.column): \(problem.message) [\(problem.rule)]"
                    )
                }
                throw ExitStatus.problems
            }
        }
    }
}
