import Foundation

/// What `workplan close` will do: the file changes and what they mean.
public struct ClosurePlan: Sendable {
    /// The closed workplan's id.
    public var workplanID: String
    /// The closure date written.
    public var date: String
    /// Changes to the carry-forward target (when there is one), then to the workplan; written
    /// together or not at all, in this order.
    public var changes: [FileChange]
    /// Tasks cancelled by `--cancel-open`.
    public var cancelled: [String]
    /// Tasks carried forward, with the id each became.
    public var carried: [(from: String, to: String)]
    /// The counts written in the review's outcome line.
    public var outcome: String
}

/// The Workstream Closure Protocol: classify every task, write the Closure Review, mark the
/// workplan completed, carry open tasks into another workplan.
public enum WorkplanCloser {
    /// The markers around a generated Closure Review.
    public static let beginMarker = "<!-- closure-review:begin -->"
    public static let endMarker = "<!-- closure-review:end -->"

    /// Plans the closure of workplan `id`. Throws, changing nothing, when it must refuse.
    public static func plan(
        _ id: String, date: String?, cancelOpen: Bool, carryForwardTo targetID: String?,
        expecting expectation: WriteExpectation = WriteExpectation(), today: String, in set: WorkplanSet
    ) throws(EditRefusal) -> ClosurePlan {
        guard let (source, workplan) = set.workplan(id) else { throw .unknownWorkplan(id) }
        try expectation.check(id, status: workplan.statusText, in: workplan)
        try checkClosable(workplan)
        if let date, !WorkplanParser.isDate(date) { throw .invalidDate(date) }
        let open = workplan.tasks.filter { $0.status?.isOpen ?? false }
        if !open.isEmpty, !cancelOpen, targetID == nil {
            throw .openTasks(workplan: id, tasks: open.compactMap(\.id))
        }
        let closureDate = date ?? workplan.closureReview?.date ?? today

        // Carry-forward target and the ids the open tasks become there.
        var carried: [(from: String, to: String)] = []
        var changes: [FileChange] = []
        if let targetID, !open.isEmpty {
            let (change, ids) = try carryForwardChange(open, from: id, to: targetID, in: set)
            changes.append(change)
            carried = ids
        }
        let newIDs = Dictionary(uniqueKeysWithValues: carried.map { ($0.from, $0.to) })

        // Task edits, then the review from the tasks' final statuses.
        var (edits, finalTasks) = try closingEdits(workplan, newIDs: newIDs)
        let ending = workplan.document.source.lineEnding
        let (review, outcome) = reviewText(finalTasks, date: closureDate, ending: ending)
        edits.append(reviewEdit(review, in: workplan))
        for (key, value) in [("status", "completed"), ("completed", closureDate), ("updated", closureDate)] {
            if let edit = workplan.setFrontMatter(key, to: value) { edits.append(edit) }
        }
        guard let updated = ByteEdit.apply(edits, to: workplan.bytes) else {
            throw .inconsistentResult("overlapping edits")
        }
        try checkClean(updated, path: workplan.path)
        // The target is written first: a close interrupted between the two files leaves the source
        // open, and running it again finds the carried tasks in the target and finishes.
        changes.append(
            FileChange(
                absolutePath: source.absolutePath, displayPath: source.displayPath,
                original: workplan.bytes, updated: updated))
        return ClosurePlan(
            workplanID: id, date: closureDate, changes: changes,
            cancelled: finalTasks.filter { $0.status == .cancelled && ($0.task.status?.isOpen ?? false) }.compactMap(
                \.task.id),
            carried: carried, outcome: outcome)
    }

    /// Refuses a workplan whose close could lose what it says.
    private static func checkClosable(_ workplan: Workplan) throws(EditRefusal) {
        guard workplan.isReliable, !hasDuplicateTaskIDs(workplan) else { throw .unreliable(workplan.path) }
        if let review = workplan.closureReview, review.markers == nil {
            throw .handWrittenReview(path: workplan.path, line: review.heading.line + 1)
        }
        if let markers = workplan.closureReview?.markers,
            let enclosed = (workplan.tasks.map(\.block) + workplan.taskLikeBlocks.map(\.block))
                .first(where: { (markers.begin...markers.end).contains($0.openLine) })
        {
            // Regenerating the review replaces everything between its markers.
            throw .reviewEnclosesTasks(path: workplan.path, line: enclosed.openLine + 1)
        }
    }

    /// The target's new bytes with the open tasks carried into it, and the id each task gets.
    private static func carryForwardChange(
        _ open: [WorkplanTask], from id: String, to targetID: String, in set: WorkplanSet
    ) throws(EditRefusal) -> (FileChange, [(from: String, to: String)]) {
        guard targetID != id else { throw .sameTarget(id) }
        guard let (targetSource, target) = set.workplan(targetID) else { throw .unknownWorkplan(targetID) }
        guard target.isReliable, !hasDuplicateTaskIDs(target) else { throw .unreliable(target.path) }
        if let status = target.status, status.isClosed { throw .closedTarget(targetID, status: status.rawValue) }
        // Tasks an interrupted close already carried (they name their source in `carried_from`)
        // are reused, so running the same close again completes it instead of copying twice.
        var already: [String: String] = [:]
        for task in target.tasks {
            if let from = task.carriedFrom, let newID = task.id, already[from] == nil { already[from] = newID }
        }
        let missing = open.filter { task in task.id.map { already[$0] == nil } ?? true }
        let newIDs = nextTaskIDs(in: target, count: missing.count)
        let assigned = Dictionary(uniqueKeysWithValues: zip(missing.compactMap(\.id), newIDs).map { ($0, $1) })
        let carried = open.compactMap(\.id).compactMap { from in (already[from] ?? assigned[from]).map { (from, $0) } }
        let updated =
            missing.isEmpty ? target.bytes : try carryForward(missing, from: id, newIDs: newIDs, into: target)
        let change = FileChange(
            absolutePath: targetSource.absolutePath, displayPath: targetSource.displayPath,
            original: target.bytes, updated: updated)
        return (change, carried)
    }

    /// The status edits that close every open task (carried forward when it has a new id), and
    /// every task with its final status.
    private static func closingEdits(
        _ workplan: Workplan, newIDs: [String: String]
    ) throws(EditRefusal) -> (
        [ByteEdit], [(task: WorkplanTask, status: TaskStatus?, carriedTo: String?)]
    ) {
        var edits: [ByteEdit] = []
        var finalTasks: [(task: WorkplanTask, status: TaskStatus?, carriedTo: String?)] = []
        for task in workplan.tasks {
            guard let taskID = task.id, task.status?.isOpen ?? false, let field = task.fields?["status"] else {
                finalTasks.append((task, task.status, task.carriedTo))
                continue
            }
            if let newID = newIDs[taskID] {
                edits.append(workplan.setValue(of: field, to: TaskStatus.carriedForward.rawValue))
                guard let edit = workplan.setTaskValue(task, "carried_to", to: newID) else {
                    throw .cannotAddKey(task: taskID, key: "carried_to")
                }
                edits.append(edit)
                finalTasks.append((task, .carriedForward, newID))
            } else {
                edits.append(workplan.setValue(of: field, to: TaskStatus.cancelled.rawValue))
                finalTasks.append((task, .cancelled, nil))
            }
        }
        return (edits, finalTasks)
    }

    // MARK: - The review

    static func reviewText(
        _ tasks: [(task: WorkplanTask, status: TaskStatus?, carriedTo: String?)], date: String,
        ending: String
    ) -> (String, String) {
        let done = tasks.filter { $0.status == .done }
        let cancelled = tasks.filter { $0.status == .cancelled }
        let carried = tasks.filter { $0.status == .carriedForward }
        let targets = orderedUnique(carried.compactMap { $0.carriedTo.map(workplanID(ofTask:)) })
        var outcome =
            "\(done.count) of \(tasks.count) tasks completed, \(cancelled.count) cancelled, \(carried.count) carried forward"
        if !targets.isEmpty { outcome += " to " + targets.joined(separator: ", ") }
        outcome += "."
        var lines = [
            beginMarker, "## Closure Review — \(date)", "", "**Outcome:** \(outcome)", "",
            "| Task | Title | Classification |", "|---|---|---|",
        ]
        for entry in tasks {
            let classification =
                entry.status.map { $0 == .carriedForward ? "carried forward" : $0.rawValue }
                ?? (entry.task.statusText ?? "")
            lines.append(
                "| \(entry.task.id ?? "") | \(entry.task.title.replacingOccurrences(of: "|", with: "\\|")) | \(classification) |"
            )
        }
        func section(
            _ heading: String, _ entries: [(task: WorkplanTask, status: TaskStatus?, carriedTo: String?)], arrow: Bool
        ) {
            lines += ["", "### \(heading)"]
            if entries.isEmpty { lines.append("- none") }
            for entry in entries {
                let suffix = arrow ? " → \(entry.carriedTo ?? "")" : ""
                lines.append("- \(entry.task.id ?? "") — \(entry.task.title)\(suffix)")
            }
        }
        section("Completed", done, arrow: false)
        section("Cancelled", cancelled, arrow: false)
        section("Carried forward", carried, arrow: true)
        lines.append(endMarker)
        return (lines.joined(separator: ending) + ending, outcome)
    }

    /// Replaces a generated review in place, or appends one at the end of the file.
    private static func reviewEdit(_ text: String, in workplan: Workplan) -> ByteEdit {
        let source = workplan.document.source
        if let markers = workplan.closureReview?.markers {
            return ByteEdit(
                range: source.lines[markers.begin].start..<source.lines[markers.end].end, replacement: Array(text.utf8))
        }
        let ending = source.lineEnding
        let endsWithNewline = source.bytes.last == 0x0A || source.bytes.last == 0x0D
        let prefix = (endsWithNewline || source.bytes.count == source.bomLength ? "" : ending) + ending
        return .insert(prefix + text, at: source.bytes.count)
    }

    /// Refuses a result on which a closure rule would fire (a safety net: the plan above should never produce one).
    private static func checkClean(_ bytes: [UInt8], path: String) throws(EditRefusal) {
        let workplan = WorkplanParser.parse(bytes: bytes, path: path)
        guard workplan.status == .completed, workplan.frontMatter?.string("completed") != nil else {
            // The front matter ends its YAML early (a `...` line): keys added after it are not read.
            throw .inconsistentResult("the front matter of \(path) would not read back as completed")
        }
        guard workplan.closureReview?.markers != nil else {
            // The end of the file is inside a block left open (a fence or an HTML comment).
            throw .inconsistentResult(
                "the Closure Review would not be read back: the end of \(path) is inside an unclosed block")
        }
        let rules: Set<RuleID> = [
            .closureReviewMismatch, .missingClosureReview, .openTaskInClosedWorkplan, .completedDate,
        ]
        let findings = RuleRegistry.all.filter { rules.contains($0.id) }.flatMap {
            $0.check(
                RuleContext(workplan: workplan, configuration: Configuration(root: URL(fileURLWithPath: "/"))))
        }
        if let first = findings.first { throw .inconsistentResult("\(first.rule): \(first.message)") }
    }

    /// Two tasks with one id make a closure ambiguous (which one is carried, and as what?).
    private static func hasDuplicateTaskIDs(_ workplan: Workplan) -> Bool {
        let ids = workplan.tasks.compactMap(\.id)
        return Set(ids).count != ids.count
    }

    // MARK: - Carry-forward

    /// The next free task ids of a workplan, in the width of its existing ids (`T04` after `T03`).
    static func nextTaskIDs(in workplan: Workplan, count: Int) -> [String] {
        let prefix = (workplan.id ?? "") + "-T"
        let numbers = workplan.tasks.compactMap { task -> (Int, Int)? in
            guard let id = task.id, id.hasPrefix(prefix) else { return nil }
            let digits = id.dropFirst(prefix.count)
            return Int(digits).map { ($0, digits.count) }
        }
        let next = (numbers.map(\.0).max() ?? 0) + 1
        let width = numbers.map(\.1).max() ?? 2
        return (0..<count).map { offset in
            let number = String(next + offset)
            return prefix + String(repeating: "0", count: max(0, width - number.count)) + number
        }
    }

    private static func carryForward(
        _ tasks: [WorkplanTask], from sourceID: String, newIDs: [String],
        into target: Workplan
    ) throws(EditRefusal) -> [UInt8] {
        let source = target.document.source
        let ending = source.lineEnding
        var lines = ["## Carried forward from \(sourceID)"]
        for (task, newID) in zip(tasks, newIDs) {
            let fence = task.description.contains("```") ? "~~~~" : "```"
            lines += [
                "", "### \(task.title.isEmpty ? (task.id ?? newID) : task.title)", "", fence + "task", "id: \(newID)",
                "status: todo",
            ]
            if let priority = task.priority { lines.append("priority: \(priority.rawValue)") }
            lines += ["carried_from: \(task.id ?? "")", fence]
            if !task.description.isEmpty { lines += [""] + task.description.components(separatedBy: "\n") }
        }
        let section = lines.joined(separator: ending) + ending
        let edit: ByteEdit
        if let review = target.closureReview {
            let line = review.markers?.begin ?? review.heading.line
            edit = .insert(section + ending, at: source.lines[line].start)
        } else {
            let endsWithNewline = source.bytes.last == 0x0A || source.bytes.last == 0x0D
            edit = .insert((endsWithNewline ? "" : ending) + ending + section, at: source.bytes.count)
        }
        guard let bytes = ByteEdit.apply([edit], to: target.bytes) else {
            throw .inconsistentResult("overlapping edits")
        }
        return bytes
    }

    private static func workplanID(ofTask id: String) -> String {
        guard let range = id.range(of: "-T", options: .backwards) else { return id }
        return String(id[..<range.lowerBound])
    }

    private static func orderedUnique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
