extension SyncPlanner {
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
