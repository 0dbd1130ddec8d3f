import Foundation

/// The outcome of a lint run.
public struct LintReport: Sendable {
    /// How many files were reported on.
    public var fileCount: Int
    /// The diagnostics, sorted by path, line and column.
    public var diagnostics: [Diagnostic]

    /// A report of diagnostics over `fileCount` files.
    public init(fileCount: Int, diagnostics: [Diagnostic]) {
        self.fileCount = fileCount
        self.diagnostics = diagnostics
    }

    /// How many diagnostics have this severity.
    public func count(_ severity: Severity) -> Int {
        diagnostics.reduce(0) { $0 + ($1.severity == severity ? 1 : 0) }
    }
}

/// What `workplan lint` does, without any rendering: find files, parse, index, check.
public enum LintRunner {
    /// Lints `paths` (files or folders; the configured folders when empty), or the staged versions
    /// of the staged workplan files. Cross-file rules always see every configured workplan.
    public static func run(paths: [String], staged: Bool, configuration: Configuration,
                           workingDirectory: String) async throws(WorkplanRunError) -> LintReport {
        var context = try WorkplanLoader.configuredSources(configuration, workingDirectory: workingDirectory)
        var named: [WorkplanSource]
        if staged {
            let folders = configuration.folderURLs.map { $0.path + "/" }
            named = try Git.stagedFiles(in: workingDirectory)
                .filter { file in folders.contains { file.path.hasPrefix($0) } }
                .map { WorkplanSource(absolutePath: $0.path, workingDirectory: workingDirectory, contents: $0.contents) }
        } else if paths.isEmpty {
            if context.isEmpty, !configuration.folderURLs.contains(where: { FileManager.default.fileExists(atPath: $0.path) }) {
                throw .pathNotFound(configuration.folderURLs.map(\.path).joined(separator: ", "))
            }
            named = context
        } else {
            named = try WorkplanLoader.sources(for: paths, workingDirectory: workingDirectory)
        }
        // Named files replace their working-tree versions in the context (staged content wins).
        var seen = Set<String>()
        named = named.filter { seen.insert($0.absolutePath).inserted }
        context.removeAll { seen.contains($0.absolutePath) }
        let all = named + context
        let workplans = await WorkplanLoader.load(all, limits: configuration.limits)
        let reported = Set(named.map(\.displayPath))
        let diagnostics = Linter(configuration: configuration).diagnostics(for: workplans, reportingOn: reported)
        return LintReport(fileCount: named.count, diagnostics: diagnostics)
    }
}
