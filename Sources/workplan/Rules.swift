import ArgumentParser
import WorkplanKit

extension WorkplanCommand {
    /// `workplan rules`.
    struct Rules: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rules", abstract: "List the lint rules with their default severity.")

        @Flag(help: "Print a Markdown table.")
        var markdown = false

        func run() {
            Terminal.output(markdown ? RuleTable.markdown : RuleTable.text)
        }
    }
}
