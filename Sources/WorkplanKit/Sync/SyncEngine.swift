import Foundation

/// Reconciles workplan files into the state store (ADR-001): the effects around `SyncPlanner`.
/// It lists and reads the files, asks the store for what it holds, has the planner decide
/// everything, then applies the plan: file writes first, then the store, in one transaction.
/// A dry run plans and applies nothing.
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
    /// How many files are read, parsed and planned at a time: enough to keep every core busy,
    /// few enough that their models take little memory.
    var batchSize = 128

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

    /// The store this engine uses: `--db`, else `WORKPLAN_DATABASE_URL`, else the configured
    /// database; a file's path made absolute, a server's URL as given.
    public func databasePath(_ options: SyncOptions) -> String {
        if let database = options.database ?? ProcessInfo.processInfo.environment["WORKPLAN_DATABASE_URL"],
            !database.isEmpty
        {
            return StoreLocation.isServerURL(database)
                ? database : WorkplanLoader.absolutePath(database, workingDirectory: workingDirectory)
        }
        return configuration.databaseLocation
    }

    /// The store and the repository whose rows a run reads and writes there (asked of git
    /// only for a hub: a file holds one repository).
    public func storeLocation(_ options: SyncOptions) -> StoreLocation {
        let database = databasePath(options)
        guard StoreLocation.isServerURL(database) else {
            return StoreLocation(database: database, repository: RepositoryIdentity(name: ""))
        }
        var repository = RepositoryIdentity.resolve(
            configured: configuration.repository, directory: configuration.root.path)
        repository.renamedFrom = options.renamedFrom
        return StoreLocation(database: database, repository: repository)
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
            throw .database(StoreError.message(error))
        }
    }

    /// Plans and applies a batch of files at a time, then the final plan, in one transaction of
    /// the store: files are read inside it, so that a concurrent run's writes are seen, not
    /// overwritten, and a run the brake stops (or that fails) leaves the store as it was. A dry
    /// run plans the same batches and applies none, reading the store without creating or
    /// migrating it.
    private func runInStore(_ sources: [WorkplanSource], options: SyncOptions, complete: Bool) throws -> SyncReport {
        let location = storeLocation(options)
        let planner = SyncPlanner(
            configuration: configuration, options: options, complete: complete, now: now(), newUUID: newUUID)
        if options.dryRun || options.check {
            let store = try StateStores.openExisting(location) ?? EmptyStore()
            return try store.read { reader in try plan(sources, planner: planner, reader: reader, apply: nil).report }
        }
        do {
            return try StateStores.open(location).write { transaction in
                let plan = try plan(sources, planner: planner, reader: transaction, apply: transaction.apply)
                // The brake rolls back the transaction (a new store's migration included).
                if plan.brake != nil { throw BrakeStop(report: plan.report) }
                let settled = plan.settlingWrites(writeFiles(plan.idWrites))
                try transaction.apply(settled)
                let report = settled.report
                try transaction.recordSyncRun(
                    SyncRunRecord(
                        at: planner.now, workplans: report.workplans, changes: report.changeCount,
                        lintErrors: report.lintErrors, skippedFiles: report.skippedFiles.count))
                return report
            }
        } catch let brake as BrakeStop {
            return brake.report
        }
    }

    /// Thrown inside the transaction to roll it back when the safety brake stops a run.
    struct BrakeStop: Error { var report: SyncReport }

    /// Lists the files, reads, parses and plans those the store cannot vouch for a batch at a
    /// time (each batch's plan given to `apply`), and returns the final plan.
    private func plan(
        _ sources: [WorkplanSource], planner: SyncPlanner, reader: any StoreReader,
        apply: ((SyncPlan) throws -> Void)?
    ) throws -> SyncPlan {
        // Keys first, then the clock, then the bytes: a file that changes after its key was taken
        // is newer than its row says, and is read again next time.
        let root = configuration.root.path
        let paths = sources.map { WorkplanSource.display($0.absolutePath, relativeTo: root) }
        let keys = concurrentPerformMap(sources) { FileKey(path: $0.absolutePath) }
        let checkedNs = fileClock()
        let stored = try reader.syncState()
        let kept = planner.keptByKey(paths: paths, keys: keys, stored: stored)
        var progress = SyncProgress(
            listing: SyncListing(paths: paths, keys: keys, checkedNs: checkedNs, stored: stored, kept: kept),
            listsChanges: planner.options.listChanges)
        // In path order: of two files declaring one id, the later is the one skipped.
        let unread = sources.indices.filter { !kept.contains(paths[$0]) }
            .sorted { sources[$0].displayPath < sources[$1].displayPath }
        // The next batch is read and parsed while this one is planned and applied.
        let batches = stride(from: 0, to: unread.count, by: batchSize).map {
            Array(unread[$0..<min($0 + batchSize, unread.count)])
        }
        func prepare(_ number: Int) -> Background<[PreparedFile]>? {
            guard number < batches.count else { return nil }
            let indices = batches[number]
            return Background {
                concurrentPerformMap(indices) { index in
                    planner.prepare(read(sources[index], key: keys[index]), stored: stored)
                }
            }
        }
        var next = prepare(0)
        for number in batches.indices {
            guard let batch = next?.value else { break }
            next = prepare(number + 1)
            let scope = stored.holdsRows ? planner.snapshotScope(batch) : nil
            let snapshot = try scope.map { try reader.snapshot($0) } ?? StoreSnapshot()
            let plan = planner.planBatch(batch, snapshot: snapshot, progress: &progress)
            try apply?(plan)
        }
        let gone = planner.goneWorkstreams(progress)
        let goneRows =
            gone.isEmpty ? StoreSnapshot() : try reader.snapshot(.touching(workplans: [], paths: [], workstreams: gone))
        return planner.finish(progress, gone: goneRows)
    }

    /// Writes the planned ids: atomically, never over a file that changed since it was read.
    private func writeFiles(_ writes: [IDWrite]) -> [String: SyncPlan.WriteOutcome] {
        var outcomes: [String: SyncPlan.WriteOutcome] = [:]
        for write in writes {
            do throws(WriteError) {
                // The file is read again: the plan kept only its hash and the insertions.
                let current: [UInt8]
                switch FileReader.read(write.absolutePath, maxBytes: Int.max) {
                case .success(let bytes): current = bytes
                case .failure(.symbolicLink): throw .symbolicLink(write.absolutePath)
                case .failure: throw .changedOnDisk(write.absolutePath)
                }
                guard let result = write.result(replacing: current) else { throw .changedOnDisk(write.absolutePath) }
                try AtomicWriter.replace(write.absolutePath, with: result, expected: current)
                outcomes[write.path] = .written(FileKey(path: write.absolutePath))
            } catch {
                outcomes[write.path] = .failed(error.errorDescription ?? "not written")
            }
        }
        return outcomes
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

    // MARK: - Reading

    /// Reads `sources`; `keys` are their keys taken before reading.
    private func read(_ sources: [WorkplanSource], keys: [FileKey?]) -> [ReadFile] {
        concurrentPerformMap(Array(zip(sources, keys))) { read($0, key: $1) }
    }

    /// Reads one file; `key` is its key taken before reading.
    private func read(_ source: WorkplanSource, key: FileKey?) -> ReadFile {
        let result = FileReader.read(source.absolutePath, maxBytes: configuration.maxFileBytes)
        let bytes = try? result.get()
        let error: FileReadError? = if case .failure(let failure) = result { failure } else { nil }
        return ReadFile(
            source: source, path: WorkplanSource.display(source.absolutePath, relativeTo: configuration.root.path),
            key: key, bytes: bytes, error: error, hash: bytes.map(contentHash) ?? "")
    }

    /// The wall clock in nanoseconds since 1970.
    static func clockNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
