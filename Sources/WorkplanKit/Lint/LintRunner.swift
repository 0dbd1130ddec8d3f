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
    /// With `useCache`, what the files that are not linted declare comes from `LintCache` when
    /// they have not changed, and the cache is refreshed with what this run parsed.
    /// How many files are parsed and linted at a time when many are named: enough to keep both
    /// cores busy, few enough that their models take little memory.
    public static let batchSize = 64

    /// Few named files (the pre-commit case): parsed once and kept, the index focused on them.
    private static func lintFew(
        _ named: [WorkplanSource], context: [WorkplanSource], missing: [Int],
        entries contextEntries: inout [IndexEntry?],
        linter: Linter
    ) async -> ([IndexEntry], [Diagnostic]) {
        let limits = linter.configuration.limits
        let parsed = await WorkplanLoader.load(missing.map { context[$0] } + named, limits: limits)
        for (offset, index) in missing.enumerated() { contextEntries[index] = IndexEntry(parsed[offset]) }
        let workplans = Array(parsed[missing.count...])
        let namedEntries = workplans.map(IndexEntry.init)
        let index = WorkplanIndex(
            entries: namedEntries + contextEntries.compactMap { $0 }, focus: context.isEmpty ? nil : workplans)
        return (namedEntries, linter.diagnostics(for: workplans, index: index))
    }

    /// Many named files: what each declares comes from the cache, or from a first pass that keeps
    /// only that; then they are linted a batch at a time, so that only a batch of models is held.
    private static func lintMany(
        _ named: [WorkplanSource], keys: [FileKey?], cache: LintCache, context: [WorkplanSource], missing: [Int],
        entries contextEntries: inout [IndexEntry?], linter: Linter, batchSize: Int
    ) async -> ([IndexEntry], [Diagnostic]) {
        let limits = linter.configuration.limits
        var entries = cache.entries(for: named, keys: keys)
        let unknown = entries.indices.filter { entries[$0] == nil }
        let firstPass = await indexEntries(
            missing.map { context[$0] } + unknown.map { named[$0] }, limits: limits, batchSize: batchSize)
        for (offset, index) in missing.enumerated() { contextEntries[index] = firstPass[offset] }
        for (offset, index) in unknown.enumerated() { entries[index] = firstPass[missing.count + offset] }
        let namedEntries = entries.compactMap { $0 }
        let index = WorkplanIndex(entries: namedEntries + contextEntries.compactMap { $0 }, focus: nil)
        var found: [Diagnostic] = []
        for start in stride(from: 0, to: named.count, by: batchSize) {
            let batch = Array(named[start..<min(start + batchSize, named.count)])
            found += linter.diagnostics(for: await WorkplanLoader.load(batch, limits: limits), index: index)
        }
        return (namedEntries, found.sorted())
    }

    /// What each source declares, read a batch at a time, keeping nothing else of its model.
    private static func indexEntries(
        _ sources: [WorkplanSource], limits: ReadLimits, batchSize: Int
    ) async
        -> [IndexEntry]
    {
        var entries: [IndexEntry] = []
        entries.reserveCapacity(sources.count)
        for start in stride(from: 0, to: sources.count, by: batchSize) {
            let batch = Array(sources[start..<min(start + batchSize, sources.count)])
            entries += concurrentPerformMap(batch) { IndexEntry(WorkplanLoader.load($0, limits: limits)) }
        }
        return entries
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

    public static func run(
        paths: [String], staged: Bool, configuration: Configuration,
        workingDirectory: String, useCache: Bool = true, batchSize: Int = batchSize
    ) async throws(WorkplanRunError) -> LintReport {
        var context = try WorkplanLoader.configuredSources(configuration, workingDirectory: workingDirectory)
        var named = try namedSources(
            paths: paths, staged: staged, context: context, configuration: configuration,
            workingDirectory: workingDirectory)
        // Named files replace their working-tree versions in the context (staged content wins).
        var seen = Set<String>()
        named = named.filter { seen.insert($0.absolutePath).inserted }
        context.removeAll { seen.contains($0.absolutePath) }

        // Files whose content is on disk are identified by their `lstat` before they are read.
        let limits = configuration.limits
        let cachePath = configuration.databaseURL.deletingLastPathComponent().appendingPathComponent("lint-cache").path
        let cache = useCache ? LintCache.load(cachePath, limits: limits) : LintCache()
        let contextKeys = concurrentPerformMap(context) { FileKey(path: $0.absolutePath) }
        var contextEntries = cache.entries(for: context, keys: contextKeys)
        let namedKeys = concurrentPerformMap(named) { $0.contents == nil ? FileKey(path: $0.absolutePath) : nil }
        let missing = contextEntries.indices.filter { contextEntries[$0] == nil }
        let linter = Linter(configuration: configuration)
        let (namedEntries, diagnostics) =
            named.count <= max(batchSize, 1)
            ? await lintFew(named, context: context, missing: missing, entries: &contextEntries, linter: linter)
            : await lintMany(
                named, keys: namedKeys, cache: cache, context: context, missing: missing, entries: &contextEntries,
                linter: linter, batchSize: batchSize)

        // The cache is rewritten only when this run parsed a file it did not hold, or it holds a
        // file no longer there (every context entry not parsed came from it, with its key).
        let cachedCount =
            context.indices.count { contextKeys[$0] != nil } - missing.count
            + named.indices.count {
                namedKeys[$0] != nil && cache.entries[named[$0].absolutePath]?.key == namedKeys[$0]
            }
        let stale =
            !missing.isEmpty || cachedCount != cache.entries.count
            || named.indices.contains {
                namedKeys[$0] != nil && cache.entries[named[$0].absolutePath]?.key != namedKeys[$0]
            }
        if useCache, stale {
            var refreshed = LintCache()
            refreshed.entries.reserveCapacity(context.count + named.count)
            for (offset, source) in context.enumerated() {
                if let key = contextKeys[offset], let entry = contextEntries[offset] {
                    refreshed.entries[source.absolutePath] = (key, entry)
                }
            }
            for (offset, source) in named.enumerated() {
                if let key = namedKeys[offset] { refreshed.entries[source.absolutePath] = (key, namedEntries[offset]) }
            }
            refreshed.write(cachePath, limits: limits)
        }
        return LintReport(fileCount: named.count, diagnostics: diagnostics)
    }
}
