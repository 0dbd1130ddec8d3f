extension SyncPlanner {
    /// The files ready to reconcile, with their store ids decided.
    struct Identified {
        var files: [SyncedFile] = []
        var workstreamUUIDs: [String: String] = [:]
        var taskUUIDs: [String: String] = [:]
    }

    /// Decides each workplan's and task's UUID (the file's, else the existing row's, else a new
    /// one) and plans the write-back of those the files lack.
    func identify(
        _ reliable: [(file: ReadFile, workplan: Workplan)], snapshot: StoreSnapshot, plan: inout SyncPlan,
        progress: inout SyncProgress
    )
        -> Identified
    {
        var result = Identified()
        for (file, workplan) in reliable {
            var fileTaskUUIDs: [String: String] = [:]
            let workstreamUUID = workplan.id.map { id in workplan.uuid ?? snapshot.workstreams[id]?.uuid ?? newUUID() }
            if let id = workplan.id, let workstreamUUID { result.workstreamUUIDs[id] = workstreamUUID }
            for task in workplan.tasks {
                guard let id = task.id else { continue }
                let uuid = task.uuid ?? snapshot.tasks[id]?.uuid ?? newUUID()
                result.taskUUIDs[id] = uuid
                fileTaskUUIDs[id] = uuid
            }
            result.files.append(
                writeBack(
                    file, workplan, workstreamUUID: workstreamUUID, taskUUIDs: fileTaskUUIDs, plan: &plan,
                    report: &progress.report))
        }
        return result
    }

    /// The file to reconcile, after planning the write-back of the ids it lacks. The model is
    /// read again from the edited bytes so that stored lines match the file written; a result
    /// that does not read back as the same plan plus the ids is never written.
    private func writeBack(
        _ file: ReadFile, _ workplan: Workplan, workstreamUUID: String?, taskUUIDs: [String: String],
        plan: inout SyncPlan, report: inout SyncReport
    ) -> SyncedFile {
        let unchanged = SyncedFile(path: file.path, workplan: workplan, contentHash: file.hash)
        // A file that already holds every id needs no write-back plan (the plan's outline is not free).
        guard options.writeIDs, workplan.lacksStoreIDs, let bytes = file.bytes else { return unchanged }
        let writeBack = IDWriteBack(workplan, workstreamUUID: workstreamUUID, taskUUIDs: taskUUIDs)
        guard !writeBack.edits.isEmpty, let edited = ByteEdit.apply(writeBack.edits, to: bytes) else {
            return unchanged
        }
        let reread = WorkplanParser.parse(bytes: edited, path: workplan.path, limits: configuration.limits)
        guard WorkplanOutline(reread) == writeBack.expected else {
            report.writeFailures.append(
                "\(file.source.displayPath): ids not written: the result would not read back as the same plan")
            return unchanged
        }
        plan.idWrites.append(
            IDWrite(
                path: file.path, absolutePath: file.source.absolutePath, displayPath: file.source.displayPath,
                originalHash: file.hash, originalSize: bytes.count, edits: writeBack.edits,
                resultHash: contentHash(edited)))
        report.idFiles.append(workplan.path)
        return SyncedFile(path: file.path, workplan: reread, contentHash: contentHash(edited))
    }

    /// What becomes of each `files` row of a batch: what was read is recorded, so that unchanged
    /// files are not read or parsed next time; a file still missing ids is forgotten, so that a
    /// later run can write them; a file sync writes gets the key of what it wrote, in the final
    /// plan, once the write is done.
    func fileRows(
        _ batch: [PreparedFile], synced: [SyncedFile], writes: [IDWrite], progress: inout SyncProgress
    ) -> [FileRowChange] {
        let written = Set(writes.map(\.path))
        let checkedNs = progress.listing.checkedNs
        let readByPath = Dictionary(batch.map { ($0.file.path, $0.file) }, uniquingKeysWith: { first, _ in first })
        var rows: [FileRowChange] = []
        for file in synced {
            guard let read = readByPath[file.path] else { continue }
            if file.workplan.lacksStoreIDs {
                rows.append(.delete(file.path))
            } else if written.contains(file.path) {
                progress.writtenFileRows.append(
                    .recordAfterWrite(path: file.path, contentHash: file.contentHash, checkedNs: checkedNs))
            } else if let key = read.key {
                rows.append(
                    .record(FileRecord(path: file.path, key: key, contentHash: file.contentHash, checkedNs: checkedNs)))
            }
        }
        for prepared in batch where prepared.workplan == nil {
            guard let key = prepared.file.key else { continue }
            rows.append(
                .record(
                    FileRecord(
                        path: prepared.file.path, key: key, contentHash: prepared.file.hash, checkedNs: checkedNs)))
        }
        return rows
    }

    /// The dependency rows the synced workplans and their tasks declare.
    func dependencies(of synced: [SyncedFile]) -> DependencyRefresh {
        var refresh = DependencyRefresh()
        refresh.workplanIDs = synced.compactMap(\.workplan.id)
        refresh.taskIDs = synced.flatMap { $0.workplan.tasks.compactMap(\.id) }
        for file in synced {
            let workplan = file.workplan
            guard let id = workplan.id else { continue }
            for dependency in workplan.dependencies {
                let (from, to) = dependency.kind == .dependsOn ? (id, dependency.target) : (dependency.target, id)
                refresh.rows.append(
                    DependencyRefresh.Row(
                        from: from, to: to, kind: dependency.kind,
                        uuid: dependency.uuid?.text))
            }
            for task in workplan.tasks {
                guard let taskID = task.id else { continue }
                for target in task.dependsOn {
                    refresh.rows.append(DependencyRefresh.Row(from: taskID, to: target.text, kind: .taskDependsOn))
                }
            }
        }
        return refresh
    }
}

extension SyncPlan {
    /// What one id write did: the file's key after the write, or why it failed.
    enum WriteOutcome {
        case written(FileKey?)
        case failed(String)
    }

    /// The plan once its file writes are done: each `files` row that waited on a write records
    /// the key written, or is deleted when the write failed (the report says so).
    func settlingWrites(_ outcomes: [String: WriteOutcome]) -> SyncPlan {
        var plan = self
        plan.fileRows = fileRows.compactMap { change in
            guard case .recordAfterWrite(let path, let hash, let checkedNs) = change else { return change }
            switch outcomes[path] {
            case .written(let key?)?:
                return .record(FileRecord(path: path, key: key, contentHash: hash, checkedNs: checkedNs))
            case .written(nil)?:
                return nil
            case .failed?, nil:
                return .delete(path)
            }
        }
        for write in idWrites {
            guard case .failed(let message)? = outcomes[write.path] else { continue }
            plan.report.writeFailures.append("\(write.displayPath): \(message)")
            plan.report.idFiles.removeAll { $0 == write.displayPath }
        }
        return plan
    }
}
