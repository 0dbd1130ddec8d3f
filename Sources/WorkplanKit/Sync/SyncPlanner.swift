/// One workplan file as sync saw it: its key, taken before reading, and its bytes when it was read.
struct ReadFile: Sendable {
    var source: WorkplanSource
    var path: String
    var key: FileKey?
    var bytes: [UInt8]?
    var error: FileReadError?
    var hash: String
}

/// What sync knows when it plans: the files it listed, read and parsed, and what the store holds.
struct SyncInput {
    /// Every file listed, by repository-relative path, with its key (nil when it could not be taken).
    var paths: [String]
    var keys: [FileKey?]
    /// The clock when the keys were taken.
    var checkedNs: Int64
    var stored: StoredState
    /// Files whose rows stay as they are: their key, or their bytes, are what the store saw.
    var kept: Set<String>
    /// The files read this run.
    var read: [ReadFile]
    /// Files read whose bytes hash as before: kept, with a fresh key.
    var rekeyed: [ReadFile]
    /// The files parsed, and their models.
    var parsed: [(file: ReadFile, workplan: Workplan)]
    /// The rows reconciling the parsed files can touch (or every row).
    var snapshot: StoreSnapshot
    /// Whether `snapshot` holds every row.
    var everything: Bool
    /// The paths that exist: those with a key, and those read or failing for another reason than
    /// being gone.
    var existing: Set<String>
}

/// Plans a sync run: pure functions from what was listed, read and parsed, and what the store
/// holds, to the files to read and a complete `SyncPlan`. Only the UUID source is not pure; it
/// is injected.
struct SyncPlanner {
    var configuration: Configuration
    var options: SyncOptions
    /// Whether the run covers every configured file (no PATHs named).
    var complete: Bool
    var now: String
    var newUUID: @Sendable () -> String
    /// The share of the files parsed from which the whole store is loaded, rather than the rows
    /// those files can touch (one scan beats as many index look-ups as rows).
    var wholeStoreShare = 0.5

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

    /// Splits the files read into those to parse and those whose bytes hash as their row says.
    func splitByHash(_ files: [ReadFile], stored: StoredState) -> (toParse: [ReadFile], rekeyed: [ReadFile]) {
        var toParse: [ReadFile] = []
        var rekeyed: [ReadFile] = []
        for file in files {
            if !options.full, let bytes = file.bytes, let row = stored.files[file.path], row.contentHash == file.hash,
                row.size == Int64(bytes.count), stored.untouchedWorkstream(at: file.path)
            {
                rekeyed.append(file)
            } else {
                toParse.append(file)
            }
        }
        return (toParse, rekeyed)
    }

    /// Whether to load every row rather than those the parsed files can touch.
    func loadsEverything(parsed: Int, listed: Int) -> Bool {
        options.full || Double(parsed) >= wholeStoreShare * Double(listed)
    }

    /// The paths that exist: those with a key, and those read or failing to read for another reason.
    static func existingPaths(paths: [String], keys: [FileKey?], read: [ReadFile]) -> Set<String> {
        Set(zip(paths, keys).filter { $0.1 != nil }.map(\.0))
            .union(read.filter { $0.bytes != nil || $0.error != .missing }.map(\.path))
    }

    /// The rows reconciling `parsed` can touch, with the workstreams of files that are gone.
    func snapshotScope(
        parsed: [(file: ReadFile, workplan: Workplan)], existing: Set<String>, stored: StoredState
    )
        -> SnapshotScope
    {
        let gone = complete ? stored.liveWorkstreams.filter { !existing.contains($0.key) }.flatMap(\.value) : []
        return .touching(workplans: parsed.map(\.workplan), paths: parsed.map(\.file.path), workstreams: gone)
    }

    // MARK: - The plan

    /// The complete plan for a run.
    func plan(_ input: SyncInput) -> SyncPlan {
        var plan = SyncPlan()
        plan.report.dryRun = options.dryRun || options.check
        plan.report.readFiles = input.read.count
        plan.report.parsedFiles = input.parsed.count
        let keptWorkstreams = Set(input.kept.flatMap { input.stored.liveWorkstreams[$0] ?? [] })
        let (reliable, skipped) = classify(input, keptWorkstreams: keptWorkstreams, report: &plan.report)
        let identified = identify(reliable, snapshot: input.snapshot, plan: &plan)
        let existing = input.existing
        let reconciled = Reconciler(now: now).plan(
            files: identified.files, workstreamUUIDs: identified.workstreamUUIDs, taskUUIDs: identified.taskUUIDs,
            snapshot: input.snapshot, keptPaths: input.kept.union(skipped), existingPaths: existing,
            complete: complete)
        plan.workstreams = reconciled.workstreams
        plan.tasks = reconciled.tasks
        plan.events = reconciled.events
        summarize(input, synced: identified.files, keptWorkstreams: keptWorkstreams, into: &plan)
        plan.brake = brake(removed: plan.report.removedTasks, live: input.stored.liveTaskCount)
        plan.report.brake = plan.brake
        plan.dependencies = dependencies(of: identified.files)
        plan.domains =
            input.everything
            ? .all
            : .only(
                Set(
                    identified.files.compactMap { $0.workplan.frontMatter?.string("domain") }
                        + input.snapshot.workstreams.values.compactMap(\.domain)))
        plan.fileRows = fileRows(input, synced: identified.files, writes: plan.idWrites, existing: existing)
        let skippedWorkstreams = skipped.flatMap { input.stored.liveWorkstreams[$0] ?? [] }
        plan.editMarks =
            complete
            ? .allExcept(skippedWorkstreams)
            : .only(
                Array(
                    Set(identified.files.compactMap(\.workplan.id) + reconciled.workstreams.compactMap { $0.old?.id })
                        .subtracting(skippedWorkstreams)))
        return plan
    }

    /// The files that can be synced, and the paths of those skipped (their errors reported).
    private func classify(
        _ input: SyncInput, keptWorkstreams: Set<String>, report: inout SyncReport
    )
        -> (reliable: [(file: ReadFile, workplan: Workplan)], skipped: Set<String>)
    {
        // Lint the parsed files together so cross-file rules see them all.
        let workplans = input.parsed.map(\.workplan)
        let index = WorkplanIndex(workplans: workplans)
        let linter = Linter(configuration: configuration)
        let fileDiagnostics = concurrentPerformMap(workplans) { linter.diagnostics(for: linter.lint($0), index: index) }
        var reliable: [(file: ReadFile, workplan: Workplan)] = []
        var skipped = Set<String>()
        for ((file, workplan), diagnostics) in zip(input.parsed, fileDiagnostics) {
            var blocking = diagnostics.filter { $0.severity == .error && RuleID.skipsSync.contains($0.rule) }
            blocking += incompleteModel(workplan)
            blocking += duplicatesOfKeptFiles(workplan, snapshot: input.snapshot, keptWorkstreams: keptWorkstreams)
            if blocking.isEmpty {
                reliable.append((file, workplan))
                report.lintErrors += diagnostics.filter { $0.severity == .error }.count
            } else {
                skipped.insert(file.path)
                report.skippedFiles.append(workplan.path)
                report.diagnostics += blocking
            }
        }
        return (reliable, skipped)
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
    )
        -> [Diagnostic]
    {
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

    /// The safety brake's verdict: a run that would remove many tasks stops before writing anything.
    private func brake(removed: Int, live: Int) -> String? {
        guard removed >= 20, removed * 5 > live, !options.allowMassRemoval else { return nil }
        return "this run would remove \(removed) of \(live) tasks; nothing was written. "
            + "Check the working directory and the checkout; run again with --allow-mass-removal if this is intended"
    }

    private func summarize(
        _ input: SyncInput, synced: [SyncedFile], keptWorkstreams: Set<String>, into plan: inout SyncPlan
    ) {
        var report = plan.report
        // The kept files' live tasks: all of them but those of the workstreams loaded to reconcile.
        let keptTasks =
            input.stored.liveTaskCount
            - input.snapshot.tasks.values.filter { task in
                task.source == RowSource.file && task.removedAt == nil
                    && !keptWorkstreams.contains(task.workstreamID ?? "")
            }.count
        report.workplans = synced.count + input.kept.count
        report.changedWorkplans = Set(plan.workstreams.filter { $0.kind != .removed }.map(\.new.id)).count
        report.tasks = synced.reduce(0) { $0 + $1.workplan.tasks.count } + keptTasks
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
        report.changes = plan.events.map { SyncReport.Change(kind: $0.kind, subject: $0.subject, detail: $0.detail) }
        plan.report = report
    }
}
