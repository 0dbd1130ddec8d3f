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
    /// The state store.
    public var store: StoreAccess
    /// The clock, as ISO 8601 text.
    public var now: @Sendable () -> String
    /// The UUID source (lowercase).
    public var newUUID: @Sendable () -> String
    /// Who runs it (see `Workspace.actor`) and with which tool.
    public var actor: String?
    public var tool = "workplan"
    /// On a hub: where to keep the ids its other repositories hold, after every sync (`HubIDs`).
    public var hubIDsFile: String?
    /// The clock that file times are judged against, in nanoseconds since 1970.
    var fileClock: @Sendable () -> Int64 = SyncEngine.clockNanoseconds
    /// How many files are read, parsed and planned at a time: enough to keep every core busy,
    /// few enough that their models take little memory.
    var batchSize = 128

    /// An engine for `workspace`: its configuration, store and clocks.
    public init(_ workspace: Workspace) {
        self.init(
            configuration: workspace.configuration, workingDirectory: workspace.workingDirectory,
            store: workspace.store, now: workspace.now, newUUID: workspace.newUUID)
        actor = workspace.actor
        tool = workspace.tool
        if workspace.store.isHub { hubIDsFile = workspace.stateFolder.hubIDs }
    }

    /// Creates an engine; the store is the configured SQLite file unless given.
    public init(
        configuration: Configuration, workingDirectory: String, store: StoreAccess? = nil,
        now: @escaping @Sendable () -> String = { ISO8601DateFormatter().string(from: Date()) },
        newUUID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }
    ) {
        self.configuration = configuration
        self.workingDirectory = workingDirectory
        self.store = store ?? StoreAccess(file: configuration.databaseURL.path)
        self.now = now
        self.newUUID = newUUID
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
            return try await runInStore(sources, options: options, complete: complete)
        } catch let error as SyncError {
            throw error
        } catch StoreError.refused(let message) {
            throw .refused(message)
        } catch {
            throw .database(StoreError.message(error))
        }
    }

    /// Plans and applies a batch of files at a time, then the final plan, in one transaction of
    /// the store: files are read inside it, so that a concurrent run's writes are seen, not
    /// overwritten, and a run the brake stops (or that fails) leaves the store as it was. A dry
    /// run plans the same batches and applies none, reading the store without creating or
    /// migrating it.
    private func runInStore(
        _ sources: [WorkplanSource], options: SyncOptions, complete: Bool
    ) async throws -> SyncReport {
        var store = self.store
        store.location.repository.renamedFrom = options.renamedFrom
        var planner = SyncPlanner(
            configuration: configuration, options: options, complete: complete, now: now(), newUUID: newUUID)
        planner.repository = store.location.repository.name
        if options.dryRun || options.check {
            let reading = try await store.openExisting() ?? EmptyStore()
            return try await reading.read { reader in
                try await plan(sources, planner: planner, reader: reader, applying: nil).report
            }
        }
        // git is asked who runs it (and, on a hub, about the tree) while the store opens.
        let (actor, tool, root, folders, hub) = (
            actor, tool, configuration.root.path, configuration.folders, store.isHub
        )
        async let gathered = offThePool {
            RunOrigin.gather(actor: actor, tool: tool, root: root, folders: folders, hub: hub)
        }
        let opened = try await store.open()
        let origin = await gathered
        do {
            return try await opened.write { transaction in
                guard
                    let run = try await begin(
                        transaction, origin: origin, options: options, complete: complete, at: planner.now)
                else {
                    if let hubIDsFile { HubIDs.write(try await transaction.knownIDs(), to: hubIDsFile) }
                    return SyncReport(upToDate: origin.tree?.commit ?? "", workplans: sources.count)
                }
                planner.run = run
                let plan = try await plan(sources, planner: planner, reader: transaction, applying: transaction)
                // The brake rolls back the transaction (a new store's migration included).
                if plan.brake != nil { throw BrakeStop(report: plan.report) }
                let settled = plan.settlingWrites(writeFiles(plan.idWrites))
                try await transaction.apply(settled)
                var report = settled.report
                report.run = planner.run
                try await transaction.recordSyncRun(
                    SyncRunRecord(
                        at: planner.now, workplans: report.workplans, changes: report.changeCount,
                        lintErrors: report.lintErrors, skippedFiles: report.skippedFiles.count))
                if let hubIDsFile { HubIDs.write(try await transaction.knownIDs(), to: hubIDsFile) }
                return report
            }
        } catch let brake as BrakeStop {
            return brake.report
        }
    }

    /// Records the run; on a hub, first judges the tree by `BranchRule` (a refusal throws and
    /// changes nothing) and claims the repository for the run: a complete run holds its commit
    /// as the hub's last. Nil, recording nothing, when the hub already holds this very tree (a
    /// complete, clean run of the commit its last sync was of, with no edit since): a fast no-op.
    private func begin(
        _ transaction: any StoreTransaction, origin: RunOrigin, options: SyncOptions, complete: Bool, at now: String
    ) async throws -> Int64? {
        var run = origin.record(options.command, at: now)
        guard let tree = origin.tree else { return try await transaction.beginRun(run, claim: nil) }
        let hub = try await transaction.hubRepository()
        let verdict = try BranchRule.judge(
            tree, hub: hub, configured: configuration.hubBranch, claimed: options.branch, force: options.forceBranch)
        if complete, !options.full, !verdict.forced, hub?.holds(tree) == true {
            // A registry from a `domains_file` outside the tree can change at the same commit.
            let state = try await transaction.syncState()
            if state.edited?.isEmpty == true, state.domainRegistry == (configuration.domains?.domains ?? []) {
                return nil
            }
        }
        run.branch = verdict.branch
        run.forced = verdict.forced
        let claim = RepositoryClaim(
            identity: store.location.repository, branch: verdict.followed, commit: complete ? verdict.commit : nil)
        return try await transaction.beginRun(run, claim: claim)
    }

    /// Thrown inside the transaction to roll it back when the safety brake stops a run.
    struct BrakeStop: Error { var report: SyncReport }

    /// Lists the files, reads, parses and plans those the store cannot vouch for a batch at a
    /// time (each batch's plan applied to `applying`), and returns the final plan. The next
    /// batch is read and parsed (a child task, on a thread of its own) while this one is
    /// planned and applied.
    private func plan(
        _ sources: [WorkplanSource], planner: SyncPlanner, reader: any StoreReader,
        applying transaction: (any StoreTransaction)?
    ) async throws -> SyncPlan {
        // Keys first, then the clock, then the bytes: a file that changes after its key was taken
        // is newer than its row says, and is read again next time.
        let root = configuration.root.path
        let paths = sources.map { WorkplanSource.display($0.absolutePath, relativeTo: root) }
        let keys = concurrentPerformMap(sources) { FileKey(path: $0.absolutePath) }
        let checkedNs = fileClock()
        let stored = try await reader.syncState()
        let kept = planner.keptByKey(paths: paths, keys: keys, stored: stored)
        var progress = SyncProgress(
            listing: SyncListing(paths: paths, keys: keys, checkedNs: checkedNs, stored: stored, kept: kept),
            listsChanges: planner.options.listChanges)
        // In path order: of two files declaring one id, the later is the one skipped.
        let unread = sources.indices.filter { !kept.contains(paths[$0]) }
            .sorted { sources[$0].displayPath < sources[$1].displayPath }
        if !stored.holdsRows { try await transaction?.expectBulkLoad(files: unread.count) }
        let batches = stride(from: 0, to: unread.count, by: batchSize).map {
            Array(unread[$0..<min($0 + batchSize, unread.count)])
        }
        @Sendable func prepare(_ number: Int) -> [PreparedFile] {
            guard number < batches.count else { return [] }
            return concurrentPerformMap(batches[number]) { index in
                planner.prepare(read(sources[index], key: keys[index]), stored: stored)
            }
        }
        // The stages run side by side: the next batch is read and parsed while this one is
        // planned, and a batch's plan is applied while the next one is planned, in order, one at a
        // time, without waiting for the batch after it to be read. That is when planning reads
        // nothing from the store (it holds no rows); otherwise every plan is applied before the
        // next snapshot is read. (Reading two batches ahead, or queueing two plans, was no faster
        // and held more memory.)
        var upcoming = batches.isEmpty ? [] : [Task { await offThePool { prepare(0) } }]
        var applying = ApplyQueue(transaction: transaction, depth: stored.holdsRows ? 0 : 1)
        do {
            for number in batches.indices {
                let batch = await upcoming.removeFirst().value
                if number + 1 < batches.count {
                    upcoming.append(Task { await offThePool { prepare(number + 1) } })
                }
                var snapshot = StoreSnapshot()
                if stored.holdsRows, let scope = planner.snapshotScope(batch) {
                    try await applying.finish()
                    snapshot = try await reader.snapshot(scope)
                }
                try await applying.add(planner.planBatch(batch, snapshot: snapshot, progress: &progress))
            }
            try await applying.finish()
        } catch {
            await applying.abandon()
            throw error
        }
        if let scope = planner.deferredScope(progress) {
            let plan = planner.planDeferred(snapshot: try await reader.snapshot(scope), progress: &progress)
            try await transaction?.apply(plan)
        }
        let gone = planner.goneWorkstreams(progress)
        let goneRows =
            gone.isEmpty
            ? StoreSnapshot() : try await reader.snapshot(.touching(workplans: [], paths: [], workstreams: gone))
        let plan = planner.finish(progress, gone: goneRows)
        // What the run carried (every file's lint and ids) is freed off the path to the commit.
        releaseInBackground(progress)
        return plan
    }

    /// Plans applied to a transaction in order, one at a time, while the caller goes on: at most
    /// `depth` of them wait or run before `add` waits for the oldest.
    private struct ApplyQueue {
        let transaction: (any StoreTransaction)?
        let depth: Int
        private var running: [Task<Void, any Error>] = []

        init(transaction: (any StoreTransaction)?, depth: Int) {
            self.transaction = transaction
            self.depth = depth
        }

        mutating func add(_ plan: SyncPlan) async throws {
            guard let transaction else { return }
            guard depth > 0 else { return try await transaction.apply(plan) }
            while running.count >= depth { try await running.removeFirst().value }
            let previous = running.last
            running.append(
                Task {
                    try await previous?.value
                    try await transaction.apply(plan)
                })
        }

        /// Waits until every plan is applied.
        mutating func finish() async throws {
            while !running.isEmpty { try await running.removeFirst().value }
        }

        /// Waits until nothing runs any more, after a failure: the transaction is rolled back next.
        mutating func abandon() async {
            while !running.isEmpty { _ = await running.removeFirst().result }
        }
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
    public func currentFileHashes() throws(SyncError) -> [(path: String, hash: String)] {
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
