import ArgumentParser
import Foundation
import WorkplanKit
import WorkplanLSP

extension WorkplanCommand {
    /// `workplan lsp`.
    struct LSP: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lsp",
            abstract: "Serve the workplans to an editor: the Language Server Protocol over standard input and output.",
            discussion:
                "Diagnostics as you type (the rules and configuration of 'workplan lint'), go to definition and find references on workplan and task ids, hover, completion, rename (the edits of 'workplan renumber'), quick fixes and the outline, for the workplan files under the configured folders. It reads only: every change is an edit the editor applies. The configuration is found from the client's root folder, else from the working directory. docs/editors.md shows the set-up for VS Code, Neovim, Helix and Zed."
        )

        @OptionGroup var global: GlobalOptions

        @Option(
            help: ArgumentHelp(
                "Where the rules are documented, for the link of each finding (default: the installed docs/rules.md).",
                valueName: "url"))
        var ruleDocs: String?

        func run() throws {
            let global = global
            let server = LanguageServer(version: WorkplanCommand.versionWithCommit) { root in
                try global.workspace(in: global.configFile == nil ? root : nil)
            }
            server.ruleDocumentation = ruleDocs ?? Self.installedRuleDocs()
            let status = server.run()
            if status != 0 { throw ExitCode(status) }
        }

        /// The rules' documentation beside the binary: installed (`share/doc/workplan/rules.md`),
        /// or in the checkout it was built in (`docs/rules.md`), as a `file://` URL.
        static func installedRuleDocs() -> String? {
            var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
                .deletingLastPathComponent()
            for _ in 0..<5 {
                for candidate in ["share/doc/workplan/rules.md", "docs/rules.md"] {
                    let file = folder.appendingPathComponent(candidate)
                    if FileManager.default.fileExists(atPath: file.path) { return file.absoluteString }
                }
                folder = folder.deletingLastPathComponent()
            }
            return nil
        }
    }
}
