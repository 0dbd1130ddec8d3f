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
