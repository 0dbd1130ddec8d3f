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
        let declared = progress.declaredUUIDs
        for (file, workplan) in reliable {
            var fileTaskUUIDs: [String: String] = [:]
            // A row's UUID that another file declares is that file's, not this one's.
            let free = { (uuid: String?) in uuid.flatMap { declared.contains($0) ? nil : $0 } }
            let workstreamUUID = workplan.id.map { id in
                workplan.uuid ?? free(snapshot.workstreams[id]?.uuid) ?? newUUID()
            }
            if let id = workplan.id, let workstreamUUID { result.workstreamUUIDs[id] = workstreamUUID }
            for task in workplan.tasks {
                guard let id = task.id else { continue }
                let uuid = task.uuid ?? free(snapshot.tasks[id]?.uuid) ?? newUUID()
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
}
