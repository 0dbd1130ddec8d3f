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
    /// Each named file is read, parsed and checked on its own, on all cores, and only what it
    /// declares and its findings are kept; what the other files declare comes from the cache or
    /// from a parse that keeps nothing else. The cross-file rules then run against the index.
    private static func lint(
        _ named: [WorkplanSource], context: [WorkplanSource], missing: [Int],
        entries contextEntries: inout [IndexEntry?], linter: Linter
    ) -> (entries: [IndexEntry], keys: [FileKey?], diagnostics: [Diagnostic]) {
        let limits = linter.configuration.limits
        let parsed = concurrentPerformMap(missing.map { context[$0] }) {
            IndexEntry(WorkplanLoader.load($0, limits: limits))
        }
        for (offset, index) in missing.enumerated() { contextEntries[index] = parsed[offset] }
        // Each file's key is taken from the open file before it is read (for the cache).
        let keyed = concurrentPerformMap(named) { source in
            let (workplan, key) = WorkplanLoader.loadKeyed(source, limits: limits)
            return (file: linter.lint(workplan), key: key)
        }
        let namedEntries = keyed.map(\.file.entry)
        let index = WorkplanIndex(
            entries: context.isEmpty ? namedEntries : namedEntries + contextEntries.compactMap { $0 },
            focus: context.isEmpty ? nil : namedEntries)
        let diagnostics = concurrentPerformMap(Array(keyed.indices)) {
            linter.diagnostics(for: keyed[$0].file, index: index)
        }
        releaseInBackground((keyed, index))
        return (namedEntries, keyed.map(\.key), diagnostics.flatMap { $0 }.sorted())
    }

    /// The files to report on: the staged ones, the named ones, or every configured one.
    private static func namedSources(
        paths: [String], staged: Bool, context: [WorkplanSource], configuration: Configuration,
        workingDirectory: String
    ) throws(WorkplanRunError) -> [WorkplanSource] {
        if staged {
            let folders = configuration.folderURLs.map { $0.path + "/" }
            return try Git.stagedFiles(in: workingDirectory)
                .filter { file in folders.contains { file.path.hasPrefix($0) } }
                .map {
                    WorkplanSource(absolutePath: $0.path, workingDirectory: workingDirectory, contents: $0.contents)
                }
        }
        guard paths.isEmpty else { return try WorkplanLoader.sources(for: paths, workingDirectory: workingDirectory) }
        if context.isEmpty,
            !configuration.folderURLs.contains(where: { FileManager.default.fileExists(atPath: $0.path) })
        {
            throw .pathNotFound(configuration.folderURLs.map(\.path).joined(separator: ", "))
        }
        return context
    }

    /// Lints `paths` (files or folders; the configured folders when empty), or the staged versions
    /// of the staged workplan files. Cross-file rules always see every configured workplan.
    /// With `useCache`, what the files that are not linted declare comes from `LintCache` when
    /// they have not changed, and the cache is refreshed with what this run parsed.
    ///
    /// `guardRefs` runs the branch guard (`BranchGuard`) against those refs; an empty list means
    /// the default branch and its upstream. A staged lint runs it against those by default.
    static func run(
        paths: [String], staged: Bool, workspace: Workspace, useCache: Bool, guardRefs: [String]?
    ) async throws(WorkplanRunError) -> LintReport {
        let (configuration, workingDirectory) = (workspace.configuration, workspace.workingDirectory)
        var context = try WorkplanLoader.configuredSources(configuration, workingDirectory: workingDirectory)
        var named = try namedSources(
            paths: paths, staged: staged, context: context, configuration: configuration,
            workingDirectory: workingDirectory)
        // Named files replace their working-tree versions in the context (staged content wins).
        var seen = Set<String>()
        named = named.filter { seen.insert($0.absolutePath).inserted }
        context.removeAll { seen.contains($0.absolutePath) }

        // Files whose content is on disk are identified before they are read: the others by their
        // `lstat` (to look them up in the cache), the named ones by the status of the open file.
        let limits = configuration.limits
        let cachePath = workspace.stateFolder.lintCache
        // When every configured file is linted, every file is parsed: the cache is not read.
        let cache = useCache && !context.isEmpty ? LintCache.load(cachePath, limits: limits) : LintCache()
        let contextKeys = concurrentPerformMap(context) { FileKey(path: $0.absolutePath) }
        var contextEntries = cache.entries(for: context, keys: contextKeys)
        let missing = contextEntries.indices.filter { contextEntries[$0] == nil }
        var linter = Linter(configuration: configuration)
        linter.elsewhere = HubIDs.read(workspace.stateFolder.hubIDs)
        let (namedEntries, namedKeys, diagnostics) = lint(
            named, context: context, missing: missing, entries: &contextEntries, linter: linter)

        if useCache {
            refreshCache(
                cachePath, limits: limits, context: context, contextKeys: contextKeys, contextEntries: contextEntries,
                named: named, namedKeys: namedKeys, namedEntries: namedEntries)
        }
        var report = LintReport(fileCount: named.count, diagnostics: diagnostics)
        if let refs = guardRefs ?? (staged ? [] : nil) {
            let files = named.map { ($0, WorkplanLoader.load($0, limits: limits)) }
            report.diagnostics =
                (report.diagnostics
                + (await BranchGuard.diagnostics(
                    for: files, refs: refs.isEmpty ? BranchGuard.defaultRefs(in: workingDirectory) : refs,
                    workingDirectory: workingDirectory, taken: { await workspace.takenIDs(prefix: "") })))
                .sorted()
        }
        releaseInBackground((context, named, contextEntries, namedEntries))
        return report
    }

    /// Rewrites the cache with what every file declares, unless it holds exactly these files
    /// with these keys already.
    private static func refreshCache(
        _ cachePath: String, limits: ReadLimits, context: [WorkplanSource], contextKeys: [FileKey?],
        contextEntries: [IndexEntry?], named: [WorkplanSource], namedKeys: [FileKey?], namedEntries: [IndexEntry]
    ) {
        var keyed: [(path: String, key: FileKey, entry: IndexEntry)] = []
        keyed.reserveCapacity(context.count + named.count)
        for (offset, source) in context.enumerated() {
            if let key = contextKeys[offset], let entry = contextEntries[offset] {
                keyed.append((source.absolutePath, key, entry))
            }
        }
        for (offset, source) in named.enumerated() {
            if let key = namedKeys[offset] { keyed.append((source.absolutePath, key, namedEntries[offset])) }
        }
        // Rewritten only when it does not hold exactly these files with these keys.
        if !LintCache.isCurrent(cachePath, limits: limits, keyed: keyed.map { ($0.path, $0.key) }) {
            var refreshed = LintCache()
            refreshed.entries = Dictionary(
                keyed.map { ($0.path, ($0.key, $0.entry)) }, uniquingKeysWith: { first, _ in first })
            refreshed.write(cachePath, limits: limits)
        }
    }
}
