extension SyncPlanner {
    /// The parsed files of a batch that can be synced, in path order; the others are skipped,
    /// their blocking diagnostics reported. What each declares is remembered either way.
    func classify(
        _ parsed: [PreparedFile], snapshot: StoreSnapshot, progress: inout SyncProgress
    )
        -> [(file: ReadFile, workplan: Workplan)]
    {
        var reliable: [(file: ReadFile, workplan: Workplan)] = []
        for prepared in parsed {
            guard let workplan = prepared.workplan, let linted = prepared.linted else { continue }
            var blocking = skippingDiagnostics(linted, progress: progress)
            blocking += incompleteModel(workplan)
            blocking += duplicatesOfKeptFiles(
                workplan, snapshot: snapshot, keptWorkstreams: progress.keptWorkstreams)
            blocking += hubConflicts(workplan, snapshot: snapshot)
            remember(linted.entry, in: &progress)
            if blocking.isEmpty {
                reliable.append((prepared.file, workplan))
                progress.linted.append(linted)
                progress.syncedFiles += 1
            } else {
                progress.skipped.insert(prepared.file.path)
                progress.skippedEntries.append(linted.entry)
                progress.report.skippedFiles.append(workplan.path)
                progress.report.diagnostics += blocking
            }
        }
        return reliable
    }

    /// The errors that make sync skip a file: an unreliable model, or an id declared earlier (in
    /// path and line order) by a file parsed before it. The files are seen in path order, so the
    /// earlier places are all known: the cross-file rules run against an index of just those.
    private func skippingDiagnostics(_ linted: LintedFile, progress: SyncProgress) -> [Diagnostic] {
        let entry = linted.entry
        var earlier: [String: IndexEntry] = [:]
        for declared in entry.workplanIDs {
            guard let first = progress.firstWorkplanIDs[declared.text] else { continue }
            earlier[first.path, default: IndexEntry(path: first.path)].workplanIDs.append(
                IndexEntry.Declared(text: declared.text, location: first.location))
        }
        for declared in entry.taskIDs {
            guard let first = progress.firstTaskIDs[declared.text] else { continue }
            earlier[first.path, default: IndexEntry(path: first.path)].taskIDs.append(
                IndexEntry.Declared(text: declared.text, location: first.location))
        }
        let ids = entry.workplanIDs.map(\.text) + entry.taskIDs.map(\.text)
        let repeatsWithin = Set(ids).count != ids.count
        // Most files: no id seen before, and no finding that could block.
        guard
            !earlier.isEmpty || repeatsWithin
                || linted.findings.contains(where: { RuleID.skipsSync.contains($0.0.rule) })
        else { return [] }
        let index = WorkplanIndex(entries: Array(earlier.values) + [entry])
        return linter.diagnostics(for: linted, index: index).filter {
            $0.severity == .error && RuleID.skipsSync.contains($0.rule)
        }
    }

    /// Remembers the first place of each id a parsed file declares.
    private func remember(_ entry: IndexEntry, in progress: inout SyncProgress) {
        for declared in entry.workplanIDs where progress.firstWorkplanIDs[declared.text] == nil {
            progress.firstWorkplanIDs[declared.text] = Place(path: entry.path, location: declared.location)
        }
        for declared in entry.taskIDs where progress.firstTaskIDs[declared.text] == nil {
            progress.firstTaskIDs[declared.text] = Place(path: entry.path, location: declared.location)
        }
    }

    /// A workplan without an id, or a task block without an id or status, cannot be synced without
    /// losing rows: such a file is skipped.
    private func incompleteModel(_ workplan: Workplan) -> [Diagnostic] {
        var result: [Diagnostic] = []
        if workplan.id == nil {
            result.append(
                Diagnostic(
                    rule: .requiredKey, severity: .error, path: workplan.path,
                    location: SourceLocation(line: 1, column: 1), message: "workplan has no id: not synced"))
        }
        for task in workplan.tasks where task.id == nil || task.statusText == nil {
            result.append(
                Diagnostic(
                    rule: .requiredKey, severity: .error, path: workplan.path, location: task.location,
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
                    rule: .duplicateID, severity: .error, path: workplan.path, location: location,
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
                    rule: .duplicateID, severity: .error, path: workplan.path, location: task.location,
                    message: "duplicate id '\(id)'", notes: [DiagnosticNote(message: "declared in \(owner)")]))
        }
        return result
    }
}
