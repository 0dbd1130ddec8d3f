/// Changes one task's status or priority in place: only that value (and the front matter's
/// `updated:` date) changes.
public enum TaskEditor {
    /// The change that sets a task's status.
    public static func setStatus(
        _ taskID: String, to status: String, carriedTo: String? = nil, force: Bool = false,
        expecting expectation: WriteExpectation = WriteExpectation(), today: String, in set: WorkplanSet
    ) throws(EditRefusal) -> FileChange {
        guard let newStatus = TaskStatus(rawValue: status) else {
            throw .invalidValue(key: "status", value: status, allowed: TaskStatus.allCases.map(\.rawValue))
        }
        let (source, workplan, task) = try locate(taskID, in: set)
        try expectation.check(taskID, status: task.statusText, in: workplan)
        if newStatus.isOpen, let workplanStatus = workplan.status, workplanStatus.isClosed, !force,
            task.status != newStatus
        {
            throw .reopeningClosedWorkplan(task: taskID, workplan: workplan.id ?? "", status: workplanStatus.rawValue)
        }
        var edits: [ByteEdit] = []
        if let field = task.fields?["status"] { edits.append(workplan.setValue(of: field, to: status)) }
        if newStatus == .carriedForward {
            guard let target = carriedTo ?? task.carriedTo else { throw .carriedToRequired(taskID) }
            guard let edit = workplan.setTaskValue(task, "carried_to", to: target) else {
                throw .cannotAddKey(task: taskID, key: "carried_to")
            }
            edits.append(edit)
        }
        return try change(source, workplan, edits, today: today) { $0.task(taskID)?.statusText == status }
    }

    /// The change that sets a task's priority.
    public static func setPriority(
        _ taskID: String, to priority: String, expecting expectation: WriteExpectation = WriteExpectation(),
        today: String, in set: WorkplanSet
    ) throws(EditRefusal) -> FileChange {
        guard TaskPriority(rawValue: priority) != nil else {
            throw .invalidValue(key: "priority", value: priority, allowed: TaskPriority.allCases.map(\.rawValue))
        }
        let (source, workplan, task) = try locate(taskID, in: set)
        try expectation.check(taskID, status: task.statusText, in: workplan)
        guard let edit = workplan.setTaskValue(task, "priority", to: priority) else {
            throw .cannotAddKey(task: taskID, key: "priority")
        }
        return try change(source, workplan, [edit], today: today) {
            $0.task(taskID)?.fields?.string("priority") == priority
        }
    }

    private static func locate(
        _ taskID: String, in set: WorkplanSet
    ) throws(EditRefusal) -> (WorkplanSource, Workplan, WorkplanTask) {
        guard let (source, workplan) = set.workplan(holdingTask: taskID), let task = workplan.task(taskID) else {
            throw .unknownTask(taskID)
        }
        guard workplan.isReliable else { throw .unreliable(workplan.path) }
        return (source, workplan, task)
    }

    /// The change, refused unless its result reads back as `expected` says, with the same tasks.
    static func change(
        _ source: WorkplanSource, _ workplan: Workplan, _ edits: [ByteEdit], today: String,
        expected: (Workplan) -> Bool
    ) throws(EditRefusal) -> FileChange {
        var edits = edits
        let unchanged = edits.allSatisfy { Array(workplan.bytes[$0.range]) == $0.replacement }
        if !unchanged, let updated = workplan.setFrontMatter("updated", to: today) { edits.append(updated) }
        guard let bytes = ByteEdit.apply(edits, to: workplan.bytes) else {
            throw .inconsistentResult("overlapping edits")
        }
        let reread = WorkplanParser.parse(bytes: bytes, path: workplan.path)
        guard expected(reread), reread.tasks.map(\.id) == workplan.tasks.map(\.id),
            unchanged || workplan.frontMatter?["updated"] == nil && workplan.setFrontMatter("updated", to: today) == nil
                || reread.frontMatter?.string("updated") == today
        else {
            throw .inconsistentResult(
                "\(workplan.path) would not read back with the new value (a front matter ended early by '...' hides added keys)"
            )
        }
        return FileChange(
            absolutePath: source.absolutePath, displayPath: source.displayPath, original: workplan.bytes, updated: bytes
        )
    }
}
