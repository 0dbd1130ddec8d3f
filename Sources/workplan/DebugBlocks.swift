import ArgumentParser
import Foundation
import WorkplanKit

extension WorkplanCommand {
    /// Prints where the block scanner puts the fences, headings and HTML blocks of Markdown files:
    /// the differential check against CommonMark (scripts/commonmark-differential.py) reads it.
    struct DebugBlocks: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "debug-blocks",
            abstract: "Print the block structure of Markdown bodies as JSON lines (for differential testing).",
            shouldDisplay: false
        )

        @Argument(help: "Markdown files, read whole as bodies (no front matter).")
        var files: [String]

        func run() throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    Terminal.error("cannot read \(file)")
                    throw ExitStatus.cannotRun
                }
                let outline = BlockOutline(body: SourceText(bytes: Array(data)))
                Terminal.output(String(decoding: try encoder.encode(outline), as: UTF8.self) + "\n")
            }
        }
    }
}
