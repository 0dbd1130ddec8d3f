/// What a sync run carries from one batch to the next: what the listing said, the ids files
/// declared and the rows they claimed, counts, and the few things the final plan needs. Tens of
/// bytes per task; no model, no file bytes.
struct SyncProgress: Sendable {
    let listing: SyncListing
    /// Whether the report lists every change, or only counts them.
    let listsChanges: Bool
    /// The workstreams of the files kept by key.
    let keptWorkstreams: Set<String>
    /// What the run did so far.
    var report = SyncReport()
    /// Files whose rows stay as they are: kept by key, or read and found unchanged.
    var kept: Set<String>
    /// The paths that exist: those with a key, and those read or failing to read for another
    /// reason than being gone.
    var existing: Set<String>
    /// The first place of each workplan and task id the parsed files declared so far.
    var firstWorkplanIDs: [String: Place] = [:]
    var firstTaskIDs: [String: Place] = [:]
    /// The first stage of lint of each synced file, and what each skipped file declares: for the
    /// count of lint errors once every file is seen.
    var linted: [LintedFile] = []
    var skippedEntries: [IndexEntry] = []
    /// The rows the files claimed.
    var claims = Reconciler.Claims()
    /// Live file tasks of reconciled workstreams that no file claimed so far, by id.
    var candidates: [String: TaskRecord] = [:]
    /// Files skipped for problems that make their model unreliable.
    var skipped = Set<String>()
    var syncedFiles = 0
    var syncedWorkplanIDs: [String] = []
    var changedWorkplans = Set<String>()
    var domains = Set<String>()
    var idWrites: [IDWrite] = []
    /// `files` rows that wait on an id write.
    var writtenFileRows: [FileRowChange] = []
    /// The store UUIDs the files read declare (collected only when the store holds rows): a row
    /// holding one of them belongs to the file declaring it, whatever its id says.
    var declaredUUIDs = Set<String>()
    /// Files that would take a store id from a row of their id, planned last (`planDeferred`).
    var deferred: [PreparedFile] = []

    init(listing: SyncListing, listsChanges: Bool = true) {
        self.listing = listing
        self.listsChanges = listsChanges
        keptWorkstreams = Set(listing.kept.flatMap { listing.stored.liveWorkstreams[$0] ?? [] })
        kept = listing.kept
        existing = Set(zip(listing.paths, listing.keys).filter { $0.1 != nil }.map(\.0))
    }

    /// Sizes the tables of ids that grow with every file, for as many files as the listing has
    /// and as many tasks per file as the first batch holds: grown one doubling at a time, they
    /// hashed every id again at each step, on the thread that plans.
    mutating func reserveCapacity(firstBatch batch: [PreparedFile]) {
        let files = listing.paths.count - listing.kept.count
        guard !batch.isEmpty, files > 0 else { return }
        let tasks = batch.reduce(0) { $0 + ($1.workplan?.tasks.count ?? 0) } * files / batch.count
        firstWorkplanIDs.reserveCapacity(files)
        linted.reserveCapacity(files)
        firstTaskIDs.reserveCapacity(tasks)
        claims.workstreams.reserveCapacity(files)
        claims.tasks.reserveCapacity(tasks)
        claims.inScope.reserveCapacity(files)
        if listing.stored.holdsRows { declaredUUIDs.reserveCapacity(files + tasks) }
    }

    /// Records what a batch read.
    mutating func note(read batch: [PreparedFile]) {
        report.readFiles += batch.count
        for prepared in batch {
            let file = prepared.file
            if prepared.workplan == nil {
                kept.insert(file.path)
            } else {
                report.parsedFiles += 1
            }
            if file.error != .missing { existing.insert(file.path) }
        }
    }

    /// Records the store UUIDs `workplan` declares.
    mutating func noteDeclaredUUIDs(_ workplan: Workplan) {
        if let uuid = workplan.uuid { declaredUUIDs.insert(uuid) }
        for task in workplan.tasks { if let uuid = task.uuid { declaredUUIDs.insert(uuid) } }
    }

    /// Records a batch's claims; the unclaimed `candidates` wait for the end of the run.
    mutating func claim(_ batch: Reconciler.Claims, candidates found: [TaskRecord]) {
        claims.workstreams.formUnion(batch.workstreams)
        claims.tasks.formUnion(batch.tasks)
        claims.inScope.formUnion(batch.inScope)
        for id in batch.tasks { candidates[id] = nil }
        for task in found where !claims.tasks.contains(task.id) { candidates[task.id] = task }
    }

    /// Counts row changes into the report.
    mutating func count(_ plan: ReconcilePlan) {
        for change in plan.tasks {
            switch change.kind {
            case .inserted: report.newTasks += 1
            case .removed: report.removedTasks += 1
            case .restored: report.restoredTasks += 1
            case .drift:
                report.driftOverwritten += 1
                report.updatedTasks += 1
            case .updated, .moved, .renamed: report.updatedTasks += 1
            }
        }
        report.driftOverwritten += plan.workstreams.filter { $0.kind == .drift }.count
        changedWorkplans.formUnion(plan.workstreams.filter { $0.kind != .removed }.map(\.new.id))
        report.changeCount += plan.events.count
        if listsChanges {
            report.changes += plan.events.map {
                SyncReport.Change(kind: $0.kind, subject: $0.subject, detail: $0.detail)
            }
        }
    }

    /// Counts events that come with no row change of their own (rows moved between repositories).
    mutating func count(_ events: [EventRecord]) {
        report.changeCount += events.count
        if listsChanges {
            report.changes += events.map { SyncReport.Change(kind: $0.kind, subject: $0.subject, detail: $0.detail) }
        }
    }

    /// The lint errors of the synced files, with every parsed file visible to cross-file rules.
    func lintErrors(linter: Linter) -> Int {
        guard !linted.isEmpty else { return 0 }
        let index = WorkplanIndex(entries: linted.map(\.entry) + skippedEntries)
        let errors = concurrentPerformMap(linted) { file in
            linter.diagnostics(for: file, index: index).count { $0.severity == .error }
        }.reduce(0, +)
        releaseInBackground(index)
        return errors
    }
}
