import Foundation
import GRDB

/// How a sync run behaves.
public struct SyncOptions: Sendable {
    /// Files or folders to sync; empty means the configured folders (and then missing files count as removed).
    public var paths: [String] = []
    /// The database, overriding the configuration.
    public var database: String?
    /// Compute and report, write nothing.
    public var dryRun = false
    /// Like `dryRun`, and the run fails when anything would change.
    public var check = false
    /// Write generated UUIDs into the files.
    public var writeIDs = true
    /// Re-read every file, even those unchanged since the last run.
    public var full = false
    /// Let a run remove many tasks at once.
    public var allowMassRemoval = false

    /// Default options.
    public init() {}
}

/// What a sync run did (or, with `--dry-run`, would do).
public struct SyncReport: Encodable, Sendable {
    public var workplans = 0
    public var changedWorkplans = 0
    /// Files read this run; the others' keys matched what the last run read.
    public var readFiles = 0
    /// Files parsed this run; the others were unchanged since the last run.
    public var parsedFiles = 0
    public var tasks = 0
    public var newTasks = 0
    public var updatedTasks = 0
    public var removedTasks = 0
    public var restoredTasks = 0
    public var driftOverwritten = 0
    /// Files ids were (or would be) written into.
    public var idFiles: [String] = []
    /// Files that could not be synced, their rows left untouched.
    public var skippedFiles: [String] = []
    /// Files whose new ids could not be written (changed on disk, a link, an I/O error).
    public var writeFailures: [String] = []
    /// Lint errors in synced files that did not stop them from syncing.
    public var lintErrors = 0
    /// The diagnostics that made files skipped.
    public var diagnostics: [Diagnostic] = []
    /// The changes, with their kinds, for `--dry-run` and `--format json`.
    public var changes: [Change] = []
    /// Set when the safety brake stopped the run.
    public var brake: String?
    public var dryRun = false

    /// One planned change.
    public struct Change: Encodable, Sendable, Hashable {
        public var kind: String
        public var subject: String
        public var detail: String
    }

    enum CodingKeys: String, CodingKey {
        case workplans, tasks, diagnostics, changes, brake
        case changedWorkplans = "changed_workplans"
        case newTasks = "new_tasks"
        case updatedTasks = "updated_tasks"
        case removedTasks = "removed_tasks"
        case restoredTasks = "restored_tasks"
        case driftOverwritten = "drift_overwritten"
        case idFiles = "id_files"
        case skippedFiles = "skipped_files"
        case writeFailures = "write_failures"
        case lintErrors = "lint_errors"
        case dryRun = "dry_run"
        case readFiles = "read_files"
        case parsedFiles = "parsed_files"
    }

    /// Whether the run changed (or would change) the store or any file.
    public var hasChanges: Bool { !changes.isEmpty || !idFiles.isEmpty }

    /// The one-line summary.
    public var summary: String {
        var text =
            "\(workplans) workplans (\(changedWorkplans) changed), \(tasks) tasks: \(newTasks) new, \(updatedTasks) updated, \(removedTasks) removed"
        if restoredTasks > 0 { text += ", \(restoredTasks) restored" }
        if driftOverwritten > 0 { text += ", \(driftOverwritten) overwritten database edits" }
        text +=
            "; ids \(dryRun ? "to write" : "written") into \(idFiles.count) \(idFiles.count == 1 ? "file" : "files")"
        return text
    }
}

/// Why a sync run could not do its job.
public enum SyncError: LocalizedError, Sendable {
    case run(WorkplanRunError)
    case database(String)

    public var errorDescription: String? {
        switch self {
        case .run(let error): error.errorDescription
        case .database(let message): "state store: \(message)"
        }
    }
}

/// One workplan file as sync saw it: its key, taken before reading, and its bytes when it was read.
struct ReadFile: Sendable {
    var source: WorkplanSource
    var path: String
    var key: FileKey?
    var bytes: [UInt8]?
    var error: FileReadError?
    var hash: String
}

/// Reconciles workplan files into the state store (ADR-001): the I/O around `Reconciler`.
public struct SyncEngine: Sendable {
    /// The project's settings.
    public var configuration: Configuration
    /// The working directory, for paths given on the command line.
    public var workingDirectory: String
    /// The clock, as ISO 8601 text.
    public var now: @Sendable () -> String
    /// The UUID source (lowercase).
    public var newUUID: @Sendable () -> String
    /// The clock that file times are judged against, in nanoseconds since 1970.
    var fileClock: @Sendable () -> Int64 = SyncEngine.clockNanoseconds
    /// The share of the files parsed from which the whole store is loaded, rather than the rows
    /// those files can touch (one scan beats as many index look-ups as rows).
    var wholeStoreShare = 0.5

    /// Creates an engine with the real clock and random UUIDs.
    public init(
        configuration: Configuration, workingDirectory: String,
        now: @escaping @Sendable () -> String = { ISO8601DateFormatter().string(from: Date()) },
        newUUID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }
    ) {
        self.configuration = configuration
        self.workingDirectory = workingDirectory
        self.now = now
        self.newUUID = newUUID
    }

    /// Rules whose errors make a file's model unreliable: such a file is skipped and its rows kept.
    static let blockingRules: Set<String> = [
        "unreadable", "front-matter", "yaml-syntax", "duplicate-key", "duplicate-id",
    ]

    /// The path of the store this engine uses.
    public func databasePath(_ options: SyncOptions) -> String {
        options.database.map { WorkplanLoader.absolutePath($0, workingDirectory: workingDirectory) }
            ?? configuration.databaseURL.path
    }

    /// Runs a sync.
    public func run(_ options: SyncOptions) async throws(SyncError) -> SyncReport {
        let complete = options.paths.isEmpty
        // No workplan folder at all is a wrong working directory, not a plan whose files were all deleted.
        if complete, !configuration.folderURLs.contains(where: { FileManager.default.fileExists(atPath: $0.path) }) {
            throw .run(.pathNotFound(configuration.folderURLs.map(\.path).joined(separator: ", ")))
        }
        let sources: [WorkplanSource]
        do {
            sources =
                complete
                ? try WorkplanLoader.configuredSources(configuration, workingDirectory: workingDirectory)
                : try WorkplanLoader.sources(for: options.paths, workingDirectory: workingDirectory)
        } catch {
            throw .run(error)
        }
        do {
            return try runInStore(sources, options: options, complete: complete)
        } catch let error as SyncError {
            throw error
        } catch {
            throw .database("\(error)")
        }
    }

    /// The store part of a run, in one transaction (one read for a dry run; no store is created).
    /// Files are read inside the transaction, so that a concurrent run's writes are seen, not overwritten.
    private func runInStore(_ sources: [WorkplanSource], options: SyncOptions, complete: Bool) throws -> SyncReport {
        let path = databasePath(options)
        if options.dryRun || options.check {
            guard FileManager.default.fileExists(atPath: path) else {
                return try sync(sources, options: options, complete: complete, db: nil)
            }
            var readOnly = GRDB.Configuration()
            readOnly.readonly = true
            let queue = try DatabaseQueue(path: path, configuration: readOnly)
            return try queue.read { db in try sync(sources, options: options, complete: complete, db: db) }
        }
        let store = try StateStore(path: path)
        do {
            return try store.writer.write { db in try sync(sources, options: options, complete: complete, db: db) }
        } catch let brake as BrakeStop {
            return brake.report
        }
    }

    /// The repository-relative path and content hash of every configured workplan file now.
    public func currentFileHashes() async throws(SyncError) -> [(path: String, hash: String)] {
        let sources: [WorkplanSource]
        do {
            sources = try WorkplanLoader.configuredSources(configuration, workingDirectory: workingDirectory)
        } catch {
            throw .run(error)
        }
        return read(sources, keys: sources.map { _ in nil }).map { ($0.path, $0.hash) }
    }

    /// Thrown inside the transaction to roll it back when the safety brake stops a run.
    struct BrakeStop: Error { var report: SyncReport }

    // MARK: - Reading

    /// Reads `sources`; `keys` are their keys taken before reading.
    private func read(_ sources: [WorkplanSource], keys: [FileKey?]) -> [ReadFile] {
        let root = configuration.root.path
        let maxBytes = configuration.maxFileBytes
        return concurrentPerformMap(Array(zip(sources, keys))) { source, key in
            let result = FileReader.read(source.absolutePath, maxBytes: maxBytes)
            let bytes = try? result.get()
            let error: FileReadError? = if case .failure(let failure) = result { failure } else { nil }
            return ReadFile(
                source: source, path: WorkplanSource.display(source.absolutePath, relativeTo: root), key: key,
                bytes: bytes, error: error, hash: bytes.map(contentHash) ?? "")
        }
    }

    /// The wall clock in nanoseconds since 1970.
    static func clockNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    // MARK: - Reconciling

    private func sync(
        _ sources: [WorkplanSource], options: SyncOptions, complete: Bool, db: Database?
    ) throws -> SyncReport {
        let now = now()
        var report = SyncReport()
        report.dryRun = options.dryRun || options.check
        // Keys first, then the clock, then the bytes: a file that changes after its key was taken
        // is newer than its row says, and is read again next time.
        let root = configuration.root.path
        let paths = sources.map { WorkplanSource.display($0.absolutePath, relativeTo: root) }
        let keys = concurrentPerformMap(sources) { FileKey(path: $0.absolutePath) }
        let checkedNs = fileClock()
        let stored = try db.map(StoredState.init) ?? StoredState()

        // A file whose key its row vouches for, and whose rows nobody wrote since, is not read;
        // one whose bytes hash as before is not parsed. `--full` reads and parses everything.
        var kept = Set<String>()
        var unread: [Int] = []
        for index in sources.indices {
            if !options.full, let key = keys[index], let row = stored.files[paths[index]], row.vouchesFor(key),
                stored.untouchedWorkstream(at: paths[index])
            {
                kept.insert(paths[index])
            } else {
                unread.append(index)
            }
        }
        let files = read(unread.map { sources[$0] }, keys: unread.map { keys[$0] })
        var toParse: [ReadFile] = []
        var rekeyed: [ReadFile] = []
        for file in files {
            if !options.full, let bytes = file.bytes, let row = stored.files[file.path], row.contentHash == file.hash,
                row.size == Int64(bytes.count), stored.untouchedWorkstream(at: file.path)
            {
                kept.insert(file.path)
                rekeyed.append(file)
            } else {
                toParse.append(file)
            }
        }
        let existing = Set(zip(paths, keys).filter { $0.1 != nil }.map(\.0))
            .union(files.filter { $0.bytes != nil || $0.error != .missing }.map(\.path))

        // Only the rows the parsed files can touch are loaded, unless most files are parsed.
        let parsed = parseConcurrently(toParse)
        let missing = complete ? stored.liveWorkstreams.filter { !existing.contains($0.key) }.flatMap(\.value) : []
        let everything = options.full || Double(toParse.count) >= wholeStoreShare * Double(sources.count)
        report.readFiles = files.count
        report.parsedFiles = toParse.count
        let snapshot =
            try db.map { db in
                try everything
                    ? StoreSnapshot.load(db)
                    : StoreSnapshot.load(db, for: parsed, paths: toParse.map(\.path), workstreams: missing)
            } ?? StoreSnapshot()

        // Lint the parsed files together so cross-file rules see them all.
        let index = WorkplanIndex(workplans: parsed)
        let linter = Linter(configuration: configuration)
        var skipped = Set<String>()
        var reliable: [(ReadFile, Workplan)] = []
        let keptWorkstreams = Set(kept.flatMap { stored.liveWorkstreams[$0] ?? [] })
        let fileDiagnostics = concurrentPerformMap(parsed) { linter.diagnostics(for: $0, index: index) }
        for ((file, workplan), diagnostics) in zip(zip(toParse, parsed), fileDiagnostics) {
            var blocking = diagnostics.filter { $0.severity == .error && Self.blockingRules.contains($0.rule) }
            blocking += incompleteModel(workplan)
            blocking += duplicatesOfKeptFiles(workplan, snapshot: snapshot, keptWorkstreams: keptWorkstreams)
            if blocking.isEmpty {
                reliable.append((file, workplan))
                report.lintErrors += diagnostics.filter { $0.severity == .error }.count
            } else {
                skipped.insert(file.path)
                report.skippedFiles.append(workplan.path)
                report.diagnostics += blocking
            }
        }

        // Decide UUIDs: the file's, else the existing row's, else a new one; plan the write-back.
        var workstreamUUIDs: [String: String] = [:]
        var taskUUIDs: [String: String] = [:]
        var synced: [SyncedFile] = []
        var writes: [(file: ReadFile, bytes: [UInt8])] = []
        for (file, workplan) in reliable {
            var fileTaskUUIDs: [String: String] = [:]
            let workstreamUUID = workplan.id.map { id in workplan.uuid ?? snapshot.workstreams[id]?.uuid ?? newUUID() }
            if let id = workplan.id, let workstreamUUID { workstreamUUIDs[id] = workstreamUUID }
            for task in workplan.tasks {
                guard let id = task.id else { continue }
                let uuid = task.uuid ?? snapshot.tasks[id]?.uuid ?? newUUID()
                taskUUIDs[id] = uuid
                fileTaskUUIDs[id] = uuid
            }
            // A file that already holds every id needs no write-back plan (the plan's outline is not free).
            if options.writeIDs, workplan.lacksStoreIDs,
                case let writeBack = IDWriteBack(workplan, workstreamUUID: workstreamUUID, taskUUIDs: fileTaskUUIDs),
                !writeBack.edits.isEmpty, let bytes = file.bytes,
                let edited = ByteEdit.apply(writeBack.edits, to: bytes)
            {
                // The model is re-read from the edited bytes so that stored lines match the file written;
                // a result that does not read back as the same plan plus the ids is never written.
                let reread = WorkplanParser.parse(bytes: edited, path: workplan.path, limits: configuration.limits)
                if WorkplanOutline(reread) == writeBack.expected {
                    writes.append((file, edited))
                    report.idFiles.append(workplan.path)
                    synced.append(SyncedFile(path: file.path, workplan: reread, contentHash: contentHash(edited)))
                } else {
                    report.writeFailures.append(
                        "\(file.source.displayPath): ids not written: the result would not read back as the same plan")
                    synced.append(SyncedFile(path: file.path, workplan: workplan, contentHash: file.hash))
                }
            } else {
                synced.append(SyncedFile(path: file.path, workplan: workplan, contentHash: file.hash))
            }
        }

        let reconciler = Reconciler(now: now)
        let plan = reconciler.plan(
            files: synced, workstreamUUIDs: workstreamUUIDs, taskUUIDs: taskUUIDs, snapshot: snapshot,
            keptPaths: kept.union(skipped), existingPaths: existing, complete: complete)
        // The kept files' live tasks: all of them but those of the workstreams loaded to reconcile.
        let keptTasks =
            stored.liveTaskCount
            - snapshot.tasks.values.filter { task in
                task.source == "file" && task.removedAt == nil && !keptWorkstreams.contains(task.workstreamID ?? "")
            }.count
        summarize(plan, synced: synced, keptWorkplans: kept.count, keptTasks: keptTasks, into: &report)

        // The safety brake: a run that would remove many tasks stops before writing anything.
        let live = stored.liveTaskCount
        if report.removedTasks >= 20, report.removedTasks * 5 > live, !options.allowMassRemoval {
            report.brake =
                "this run would remove \(report.removedTasks) of \(live) tasks; nothing was written. "
                + "Check the working directory and the checkout; run again with --allow-mass-removal if this is intended"
            if db != nil, !report.dryRun { throw BrakeStop(report: report) }
            return report
        }
        guard !report.dryRun, let db else { return report }

        // Files first: a file that changed since it was read keeps its bytes, and the run reports it.
        var written = Set<String>()
        for (file, bytes) in writes {
            do {
                try AtomicWriter.replace(file.source.absolutePath, with: bytes, expected: file.bytes ?? [])
                written.insert(file.path)
            } catch {
                report.writeFailures.append("\(file.source.displayPath): \(error.errorDescription ?? "not written")")
                report.idFiles.removeAll { $0 == file.source.displayPath }
            }
        }
        // This run's own writes need no marks in `edited_workstreams`.
        try StateStore.withoutEditMarks(db) { try apply(plan, to: db) }
        // Domains are recounted for the workplans this run read, unless it read most of them.
        let domains: Set<String>? =
            everything
            ? nil
            : Set(
                synced.compactMap { $0.workplan.frontMatter?.string("domain") }
                    + snapshot.workstreams.values.compactMap { $0.domain })
        try refreshDerivedTables(db, synced: synced, domains: domains)
        // Remember what was read, so unchanged files are not read or parsed next time.
        let writtenPaths = Set(writes.map(\.file.path))
        let readByPath = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        for file in synced {
            guard let read = readByPath[file.path] else { continue }
            // A file still missing ids is read again next time, so that a later run can write them.
            if file.workplan.lacksStoreIDs || (writtenPaths.contains(file.path) && !written.contains(file.path)) {
                try FileRecord.deleteOne(db, key: file.path)
                continue
            }
            // A file sync wrote gets the key of what it wrote.
            let key = written.contains(file.path) ? FileKey(path: read.source.absolutePath) : read.key
            guard let key else { continue }
            try FileRecord(path: file.path, key: key, contentHash: file.contentHash, checkedNs: checkedNs).insertRow(db)
        }
        for file in rekeyed {
            guard let key = file.key else { continue }
            try FileRecord(path: file.path, key: key, contentHash: file.hash, checkedNs: checkedNs).insertRow(db)
        }
        if complete {
            for path in stored.files.keys where !existing.contains(path) { try FileRecord.deleteOne(db, key: path) }
        }
        // Every workstream whose rows were written, by this run or since the last one, has now been
        // reconciled with its file, except those of skipped files (and, with PATHs, of files not named).
        let skippedWorkstreams = skipped.flatMap { stored.liveWorkstreams[$0] ?? [] }
        if complete {
            try db.execute(
                sql: "DELETE FROM edited_workstreams WHERE workstream_id NOT IN (SELECT value FROM json_each(?))",
                arguments: [JSONText.array(skippedWorkstreams)])
        } else {
            let reconciled = Set(synced.compactMap(\.workplan.id) + plan.workstreams.compactMap { $0.old?.id })
                .subtracting(skippedWorkstreams)
            try db.execute(
                sql: "DELETE FROM edited_workstreams WHERE workstream_id IN (SELECT value FROM json_each(?))",
                arguments: [JSONText.array(Array(reconciled))])
        }
        return report
    }

    private func parseConcurrently(_ files: [ReadFile]) -> [Workplan] {
        concurrentPerformMap(files) { file in
            file.bytes.map {
                WorkplanParser.parse(bytes: $0, path: file.source.displayPath, limits: configuration.limits)
            }
                ?? .unreadable(path: file.source.displayPath, message: (file.error ?? .missing).message)
        }
    }

    /// A workplan without an id, or a task block without an id or status, cannot be synced without
    /// losing rows: such a file is skipped.
    private func incompleteModel(_ workplan: Workplan) -> [Diagnostic] {
        var result: [Diagnostic] = []
        if workplan.id == nil {
            result.append(
                Diagnostic(
                    rule: "required-key", severity: .error, path: workplan.path,
                    location: SourceLocation(line: 1, column: 1), message: "workplan has no id: not synced"))
        }
        for task in workplan.tasks where task.id == nil || task.statusText == nil {
            result.append(
                Diagnostic(
                    rule: "required-key", severity: .error, path: workplan.path, location: task.location,
                    message: "task block has no id or status: the file is not synced"))
        }
        return result
    }

    /// Ids a parsed file declares that an unchanged (not re-parsed) file already holds.
    private func duplicatesOfKeptFiles(
        _ workplan: Workplan, snapshot: StoreSnapshot, keptWorkstreams: Set<String>
    ) -> [Diagnostic] {
        var result: [Diagnostic] = []
        if let id = workplan.id, keptWorkstreams.contains(id),
            let location = workplan.frontMatter?["id"]?.value.location
        {
            result.append(
                Diagnostic(
                    rule: "duplicate-id", severity: .error, path: workplan.path, location: location,
                    message: "duplicate id '\(id)'",
                    notes: [DiagnosticNote(message: "declared in \(snapshot.workstreams[id]?.path ?? "another file")")])
            )
        }
        for task in workplan.tasks {
            guard let id = task.id, let row = snapshot.tasks[id], row.removedAt == nil, let owner = row.workstreamID,
                owner != workplan.id, keptWorkstreams.contains(owner)
            else { continue }
            result.append(
                Diagnostic(
                    rule: "duplicate-id", severity: .error, path: workplan.path, location: task.location,
                    message: "duplicate id '\(id)'", notes: [DiagnosticNote(message: "declared in \(owner)")]))
        }
        return result
    }

    private func summarize(
        _ plan: ReconcilePlan, synced: [SyncedFile], keptWorkplans: Int, keptTasks: Int,
        into report: inout SyncReport
    ) {
        report.workplans = synced.count + keptWorkplans
        report.changedWorkplans = Set(plan.workstreams.filter { $0.kind != "removed" }.map(\.new.id)).count
        report.tasks = synced.reduce(0) { $0 + $1.workplan.tasks.count } + keptTasks
        for change in plan.tasks {
            switch change.kind {
            case "inserted": report.newTasks += 1
            case "removed": report.removedTasks += 1
            case "restored": report.restoredTasks += 1
            case "drift":
                report.driftOverwritten += 1
                report.updatedTasks += 1
            default: report.updatedTasks += 1
            }
        }
        report.driftOverwritten += plan.workstreams.filter { $0.kind == "drift" }.count
        report.changes = plan.events.map { SyncReport.Change(kind: $0.kind, subject: $0.subject, detail: $0.detail) }
    }

    // MARK: - Writing

    private func apply(_ plan: ReconcilePlan, to db: Database) throws {
        for change in plan.workstreams {
            if let old = change.old, old.id != change.new.id {
                try db.execute(sql: "UPDATE workstreams SET id = ? WHERE id = ?", arguments: [change.new.id, old.id])
            }
            if change.old == nil { try change.new.insertRow(db) } else { try change.new.update(db) }
        }
        for change in plan.tasks {
            if let old = change.old, old.id != change.new.id {
                try db.execute(sql: "UPDATE tasks SET id = ? WHERE id = ?", arguments: [change.new.id, old.id])
            }
            if change.old == nil { try change.new.insertRow(db) } else { try change.new.update(db) }
        }
        for event in plan.events {
            try event.insertRow(db)
        }
    }

    /// Rewrites the dependencies the synced files declare, and recounts `domains` (only those in
    /// `domains`, or all when it is nil).
    private func refreshDerivedTables(_ db: Database, synced: [SyncedFile], domains: Set<String>?) throws {
        // One statement for the whole run: the ids go in as JSON arrays.
        let workplanIDs = JSONText.array(synced.compactMap(\.workplan.id))
        let taskIDs = JSONText.array(synced.flatMap { $0.workplan.tasks.compactMap(\.id) })
        try db.execute(
            sql: """
                DELETE FROM dependencies
                WHERE from_id IN (SELECT value FROM json_each(?1)) OR from_id IN (SELECT value FROM json_each(?2))
                   OR (kind = 'blocks' AND to_id IN (SELECT value FROM json_each(?1)))
                """, arguments: [workplanIDs, taskIDs])
        let insert = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO dependencies (from_id, to_id, kind, uuid) VALUES (?, ?, ?, ?)")
        for file in synced {
            let workplan = file.workplan
            guard let id = workplan.id else { continue }
            for dependency in workplan.dependencies {
                let (from, to) = dependency.kind == .dependsOn ? (id, dependency.target) : (dependency.target, id)
                try insert.execute(arguments: [
                    from, to, dependency.kind == .dependsOn ? "depends_on" : "blocks", dependency.uuid?.text,
                ])
            }
            for task in workplan.tasks {
                guard let taskID = task.id else { continue }
                for target in task.dependsOn {
                    try insert.execute(arguments: [taskID, target.text, "task_depends_on", nil])
                }
            }
        }
        if let domains, domains.isEmpty { return }
        let filter = domains == nil ? "" : " AND w.domain IN (SELECT value FROM json_each(?1))"
        let arguments: StatementArguments = domains.map { [JSONText.array($0.sorted())] } ?? []
        try db.execute(
            sql: "DELETE FROM domains" + (domains == nil ? "" : " WHERE slug IN (SELECT value FROM json_each(?1))"),
            arguments: arguments)
        try db.execute(
            sql: """
                INSERT INTO domains (slug, workstream_count, open_workstream_count, task_count, open_task_count)
                SELECT w.domain, COUNT(DISTINCT w.id),
                       COUNT(DISTINCT CASE WHEN w.status NOT IN ('completed', 'archived') THEN w.id END),
                       COUNT(t.id), COALESCE(SUM(t.status IN ('todo', 'in_progress', 'blocked')), 0)
                FROM workstreams w LEFT JOIN tasks t ON t.workstream_id = w.id AND t.removed_at IS NULL
                WHERE w.removed_at IS NULL AND w.domain IS NOT NULL\(filter)
                GROUP BY w.domain
                """, arguments: arguments)
    }
}

/// `transform` applied to every element on all cores, synchronously; results keep the input order.
/// The elements are cut into a few contiguous chunks per core, so that a hundred thousand small
/// transforms cost no more to schedule than a dozen.
func concurrentPerformMap<Element: Sendable, Result: Sendable>(
    _ elements: [Element],
    _ transform: @Sendable (Element) -> Result
) -> [Result] {
    let chunks = min(elements.count, ProcessInfo.processInfo.activeProcessorCount * 4)
    guard chunks > 1 else { return elements.map(transform) }
    let slots = ResultSlots<[Result]>(count: chunks)
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        let range = (elements.count * chunk / chunks)..<(elements.count * (chunk + 1) / chunks)
        slots.set(chunk, elements[range].map(transform))
    }
    return slots.values.flatMap { $0 }
}

/// Results written by concurrent workers, each to its own slot.
final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Value?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [Value] { slots.compactMap { $0 } }
}
