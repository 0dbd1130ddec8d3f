/// One workplan file as sync saw it: its key, taken before reading, and its bytes when it was
/// read (kept only while they may be needed: to write ids back).
struct ReadFile: Sendable {
    var source: WorkplanSource
    var path: String
    var key: FileKey?
    var bytes: [UInt8]?
    var error: FileReadError?
    var hash: String
}

/// A file read in a batch, and its model when it had to be parsed (nil: its bytes hash as its
/// row says, so it is kept with a fresh key).
struct PreparedFile: Sendable {
    var file: ReadFile
    var workplan: Workplan?
    var linted: LintedFile?
}

/// What sync knows before it reads any file.
struct SyncListing: Sendable {
    /// Every file listed, by repository-relative path, with its key (nil when it could not be taken).
    var paths: [String]
    var keys: [FileKey?]
    /// The clock when the keys were taken.
    var checkedNs: Int64
    var stored: StoredState
    /// Files whose key their row vouches for: neither read nor parsed.
    var kept: Set<String>
}

/// Plans a sync run, a batch of files at a time: pure functions from what was listed, read and
/// parsed, and what the store holds, to `SyncPlan`s. Each batch's plan holds its rows, events,
/// dependencies and `files` rows; the final plan (`finish`) holds what needs every file seen
/// first: removals, the brake, id writes, domain counts and edit marks. Between batches only
/// `SyncProgress` is kept: ids, claims and counts, never models. Only the UUID source is not
/// pure; it is injected.
struct SyncPlanner: Sendable {
    var configuration: Configuration
    var options: SyncOptions
    /// Whether the run covers every configured file (no PATHs named).
    var complete: Bool
    var now: String
    var newUUID: @Sendable () -> String
    /// The run the events belong to (`runs`), once the store recorded it; nil in a dry run.
    var run: Int64?
    /// This repository's name on a hub ("" for a file).
    var repository = ""
    /// The configured rules, resolved once for every file of the run.
    let linter: Linter

    init(
        configuration: Configuration, options: SyncOptions, complete: Bool, now: String,
        newUUID: @escaping @Sendable () -> String
    ) {
        self.configuration = configuration
        self.options = options
        self.complete = complete
        self.now = now
        self.newUUID = newUUID
        linter = Linter(configuration: configuration)
    }

    // MARK: - What to read

    /// The files whose key their row vouches for, and whose rows nobody wrote since: not read.
    /// `--full` reads everything.
    func keptByKey(paths: [String], keys: [FileKey?], stored: StoredState) -> Set<String> {
        guard !options.full else { return [] }
        var kept = Set<String>()
        for (path, key) in zip(paths, keys) {
            if let key, let row = stored.files[path], row.vouchesFor(key), stored.untouchedWorkstream(at: path) {
                kept.insert(path)
            }
        }
        return kept
    }

    /// A file just read, parsed and linted on its own, unless its bytes hash as its row says.
    func prepare(_ file: ReadFile, stored: StoredState) -> PreparedFile {
        if !options.full, let bytes = file.bytes, let row = stored.files[file.path], row.contentHash == file.hash,
            row.size == Int64(bytes.count), stored.untouchedWorkstream(at: file.path)
        {
            var kept = file
            kept.bytes = nil
            return PreparedFile(file: kept, workplan: nil, linted: nil)
        }
        let path = file.source.displayPath
        let workplan =
            file.bytes.map { WorkplanParser.parse(bytes: $0, path: path, limits: configuration.limits) }
            ?? .unreadable(path: path, message: (file.error ?? .missing).message)
        var prepared = PreparedFile(
            file: file, workplan: workplan, linted: linter.lint(workplan))
        // The bytes are needed again only to write the ids the file lacks.
        if !(options.writeIDs && workplan.lacksStoreIDs) { prepared.file.bytes = nil }
        return prepared
    }

    /// The rows a batch can touch, nil when it parsed nothing.
    func snapshotScope(_ batch: [PreparedFile]) -> SnapshotScope? {
        let parsed = batch.filter { $0.workplan != nil }
        guard !parsed.isEmpty else { return nil }
        return .touching(workplans: parsed.compactMap(\.workplan), paths: parsed.map(\.file.path), workstreams: [])
    }

    /// The live workstreams whose file is gone (a complete run only): read at the end.
    func goneWorkstreams(_ progress: SyncProgress) -> [String] {
        guard complete else { return [] }
        return progress.listing.stored.liveWorkstreams.filter { !progress.existing.contains($0.key) }.flatMap(\.value)
    }

    // MARK: - The plans

    /// The plan of one batch, against `snapshot` (at least the rows the batch can touch). A file
    /// that would take a store id from the row of its id (it lacks the id) waits for
    /// `planDeferred`: another file, maybe of a later batch, may hold that row's UUID (a
    /// renumbered workplan, whose old id a new workplan took).
    func planBatch(_ batch: [PreparedFile], snapshot: StoreSnapshot, progress: inout SyncProgress) -> SyncPlan {
        if progress.report.readFiles == 0 { progress.reserveCapacity(firstBatch: batch) }
        progress.note(read: batch)
        // In path order, so that of two files declaring one id the later one is skipped, as lint says.
        let parsed = batch.filter { $0.workplan != nil }.sorted {
            $0.file.source.displayPath < $1.file.source.displayPath
        }
        let reliable = classify(parsed, snapshot: snapshot, progress: &progress)
        var snapshot = snapshot
        let moves = adoptMovedRows(reliable, snapshot: &snapshot)
        progress.count(moves.events)
        guard progress.listing.stored.holdsRows else {
            var plan = plan(reliable, batch: batch, snapshot: snapshot, progress: &progress)
            plan.takeovers = moves.takeovers
            plan.events = moves.events + plan.events
            return plan
        }
        for (_, workplan) in reliable { progress.noteDeclaredUUIDs(workplan) }
        var now: [(file: ReadFile, workplan: Workplan)] = []
        for file in reliable {
            if borrowsStoreIDs(file.workplan, snapshot: snapshot) {
                progress.deferred.append(PreparedFile(file: file.file, workplan: file.workplan, linted: nil))
            } else {
                now.append(file)
            }
        }
        var plan = plan(now, batch: batch, snapshot: snapshot, progress: &progress)
        plan.takeovers = moves.takeovers
        plan.events = moves.events + plan.events
        return plan
    }

    /// The files `planBatch` deferred, once every other file is planned (and, outside a dry
    /// run, applied), against `snapshot` (the rows they can touch, see `deferredScope`).
    func planDeferred(snapshot: StoreSnapshot, progress: inout SyncProgress) -> SyncPlan {
        let deferred = progress.deferred
        progress.deferred = []
        return plan(
            deferred.compactMap { file in file.workplan.map { (file.file, $0) } }, batch: deferred,
            snapshot: snapshot, progress: &progress)
    }

    /// The rows the deferred files can touch, nil when there are none.
    func deferredScope(_ progress: SyncProgress) -> SnapshotScope? { snapshotScope(progress.deferred) }

    /// Whether `workplan` lacks a store id that the row of its id (or of a task's) holds.
    private func borrowsStoreIDs(_ workplan: Workplan, snapshot: StoreSnapshot) -> Bool {
        if workplan.uuid == nil, let id = workplan.id, snapshot.workstreams[id]?.uuid != nil { return true }
        return workplan.tasks.contains { task in
            task.uuid == nil && task.id.flatMap { snapshot.tasks[$0]?.uuid } != nil
        }
    }

    /// The plan of the `reliable` files of `batch`.
    private func plan(
        _ reliable: [(file: ReadFile, workplan: Workplan)], batch: [PreparedFile], snapshot: StoreSnapshot,
        progress: inout SyncProgress
    ) -> SyncPlan {
        var plan = SyncPlan()
        let identified = identify(reliable, snapshot: snapshot, plan: &plan, progress: &progress)
        let reconciler = Reconciler(now: now, run: run)
        let (reconciled, claims) = reconciler.reconcile(
            files: identified.files, workstreamUUIDs: identified.workstreamUUIDs, taskUUIDs: identified.taskUUIDs,
            snapshot: snapshot, heldElsewhere: progress.declaredUUIDs)
        progress.claim(claims, candidates: reconciler.removalCandidates(in: snapshot, inScope: claims.inScope))
        plan.workstreams = reconciled.workstreams
        plan.tasks = reconciled.tasks
        plan.events = reconciled.events
        progress.count(reconciled)
        progress.syncedWorkplanIDs += identified.files.compactMap(\.workplan.id)
        progress.syncedWorkplanIDs += reconciled.workstreams.compactMap { $0.old?.id }
        progress.domains.formUnion(
            identified.files.compactMap { $0.workplan.frontMatter?.string("domain") }
                + snapshot.workstreams.values.compactMap(\.domain))
        plan.dependencies = dependencies(of: identified.files)
        plan.fileRows = fileRows(batch, synced: identified.files, writes: plan.idWrites, progress: &progress)
        progress.idWrites += plan.idWrites
        plan.idWrites = []
        return plan
    }

    /// The final plan, once every batch is planned: removals (against `gone`, the rows of the
    /// workstreams whose file is gone), the brake, id writes, `files` rows of gone and written
    /// files, domain counts, edit marks and the whole report.
    func finish(_ progress: SyncProgress, gone: StoreSnapshot) -> SyncPlan {
        var progress = progress
        var plan = SyncPlan()
        let stored = progress.listing.stored
        var claims = progress.claims
        // The workstreams of files kept as they are, or skipped, count as present.
        for path in progress.kept.union(progress.skipped) {
            claims.workstreams.formUnion(stored.liveWorkstreams[path] ?? [])
        }
        let removals = Reconciler(now: now, run: run).removals(
            candidates: Array(progress.candidates.values), gone: gone, claimed: claims,
            existingPaths: progress.existing, complete: complete)
        plan.workstreams = removals.workstreams
        plan.tasks = removals.tasks
        plan.events = removals.events
        progress.count(removals)
        progress.syncedWorkplanIDs += removals.workstreams.compactMap { $0.old?.id }
        progress.domains.formUnion(gone.workstreams.values.compactMap(\.domain))
        if let change = registryChange(stored: stored.domainRegistry) {
            plan.registry = change.registry
            plan.events += change.events
            progress.count(change.events)
        }

        var report = progress.report
        report.dryRun = options.dryRun || options.check
        report.tasks = stored.liveTaskCount + report.newTasks + report.restoredTasks - report.removedTasks
        report.workplans = progress.syncedFiles + progress.kept.count
        report.changedWorkplans = progress.changedWorkplans.count
        report.lintErrors = progress.lintErrors(linter: linter)
        let liveWorkstreams = stored.liveWorkstreams.values.reduce(0) { $0 + $1.count }
        let archived = removals.workstreams.count { $0.kind == .removed }
        plan.brake = brake(
            removed: report.removedTasks, live: stored.liveTaskCount,
            everything: liveWorkstreams > 0 && archived == liveWorkstreams
                && report.removedTasks == stored.liveTaskCount)
        report.brake = plan.brake
        plan.report = report

        plan.idWrites = progress.idWrites
        plan.fileRows = progress.writtenFileRows
        if complete {
            for path in stored.files.keys.sorted() where !progress.existing.contains(path) {
                plan.fileRows.append(.delete(path))
            }
        }
        let everything = options.full || Double(report.parsedFiles) >= 0.5 * Double(progress.listing.paths.count)
        plan.domains = everything ? .all : .only(progress.domains)
        let skippedWorkstreams = progress.skipped.flatMap { stored.liveWorkstreams[$0] ?? [] }
        plan.editMarks =
            complete
            ? .allExcept(skippedWorkstreams)
            : .only(Array(Set(progress.syncedWorkplanIDs).subtracting(skippedWorkstreams)))
        return plan
    }

    /// A whole run's plan from files already read, against one snapshot: every batch's plan and
    /// the final one as one plan, for the tests of the planner.
    func plan(_ listing: SyncListing, read: [ReadFile], snapshot: StoreSnapshot) -> SyncPlan {
        var progress = SyncProgress(listing: listing, listsChanges: options.listChanges)
        let batch = read.map { prepare($0, stored: listing.stored) }
        var first = planBatch(batch, snapshot: snapshot, progress: &progress)
        let deferred = planDeferred(snapshot: snapshot, progress: &progress)
        first.workstreams += deferred.workstreams
        first.tasks += deferred.tasks
        first.events += deferred.events
        first.dependencies.append(deferred.dependencies)
        first.fileRows += deferred.fileRows
        var whole = finish(progress, gone: snapshot)
        whole.workstreams = first.workstreams + whole.workstreams
        whole.tasks = first.tasks + whole.tasks
        whole.events = first.events + whole.events
        whole.dependencies = first.dependencies
        whole.fileRows = first.fileRows + whole.fileRows
        return whole
    }

    /// The safety brake's verdict: a run that would remove many tasks, or every workstream and
    /// task the store holds of the repository (whatever their number), stops before writing anything.
    private func brake(removed: Int, live: Int, everything: Bool) -> String? {
        guard !options.allowMassRemoval else { return nil }
        let advice =
            "nothing was written. Check the working directory and the checkout; "
            + "run again with --allow-mass-removal if this is intended"
        if everything {
            return "this run would remove every workstream and task of this repository (\(live) "
                + "\(live == 1 ? "task" : "tasks")); " + advice
        }
        guard removed >= 20, removed * 5 > live else { return nil }
        return "this run would remove \(removed) of \(live) tasks; " + advice
    }
}
