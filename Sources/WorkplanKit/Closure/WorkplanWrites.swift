import Foundation

/// The write commands as one library call: load the configured workplans, plan the change, write
/// it atomically (unless a dry run), and say what was written. The command line and the MCP
/// server both call this; neither writes to the store directly (ADR-001).
public enum WorkplanWrites {
    /// A planned write: the file changes and what they are about.
    public struct Planned: Sendable {
        public var changes: [FileChange]
        public var workplan: String?
        public var task: String?
        /// The closure, for `close`: the store records it as a closure, not as a plain sync.
        public var closure: ClosurePlan?

        public init(changes: [FileChange], workplan: String?, task: String?, closure: ClosurePlan? = nil) {
            self.changes = changes
            self.workplan = workplan
            self.task = task
            self.closure = closure
        }
    }

    /// What a write did.
    public struct Outcome: Sendable {
        /// One result per file the plan changes (or would change, in a dry run).
        public var results: [WriteResult]
        /// The unified diff of every change.
        public var diff: String
        public var planned: Planned
    }

    /// Today's local date, YYYY-MM-DD: the date write commands put in `updated:`.
    public static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    /// Loads the workplans, plans with `plan`, and writes the changes unless `dryRun`. Throws
    /// `WorkplanRunError` when the workplans cannot be loaded and `EditRefusal` when the change is
    /// refused or a file changed since it was read (`isConflict`).
    public static func perform(
        _ configuration: Configuration, workingDirectory: String, dryRun: Bool,
        _ plan: (WorkplanSet) throws(EditRefusal) -> Planned
    ) async throws -> Outcome {
        let set = try await WorkplanSet.load(configuration, workingDirectory: workingDirectory)
        let planned = try plan(set)
        if !dryRun {
            do {
                try ChangeWriter.write(planned.changes)
            } catch {
                throw EditRefusal.write(error)
            }
        }
        return Outcome(
            results: planned.changes.map { WriteResult($0, workplan: planned.workplan, task: planned.task) },
            diff: planned.changes.map(\.unifiedDiff).joined(), planned: planned)
    }

    /// Syncs the files a write changed into the state store, when one exists: what an agent's
    /// write is followed by, so that the store never lags the files it was told about. Nil when
    /// there is no store. Sync may write store ids into the files, so each result's `sha256` is
    /// read again afterwards: it stays the hash a caller's next `--if-hash` must give.
    public static func syncWritten(
        _ outcome: inout Outcome, configuration: Configuration, workingDirectory: String
    ) async throws(SyncError) -> SyncReport? {
        let report = try await sync(outcome, configuration: configuration, workingDirectory: workingDirectory)
        for (index, change) in outcome.planned.changes.enumerated() where index < outcome.results.count {
            if case .success(let bytes) = FileReader.read(change.absolutePath, maxBytes: Int.max) {
                outcome.results[index].sha256 = SHA256.hex(bytes)
            }
        }
        return report
    }

    private static func sync(
        _ outcome: Outcome, configuration: Configuration, workingDirectory: String
    ) async throws(SyncError) -> SyncReport? {
        let engine = SyncEngine(configuration: configuration, workingDirectory: workingDirectory)
        if let closure = outcome.planned.closure {
            return try await engine.recordClosure(closure, now: ISO8601DateFormatter().string(from: Date()))
        }
        var options = SyncOptions()
        guard StateStores.exists(engine.storeLocation(options)) else { return nil }
        options.paths = outcome.planned.changes.filter { !$0.isEmpty }.map(\.absolutePath)
        guard !options.paths.isEmpty else { return nil }
        return try await engine.run(options)
    }
}
