import Foundation

/// A task to add to a workplan (`workplan task add`).
public struct NewTask: Sendable, Equatable {
    public var title: String
    /// The phase heading to add it under: the last phase holding a task when nil; a new `##`
    /// heading when no phase has this text.
    public var phase: String?
    public var priority: String = TaskPriority.medium.rawValue
    public var status: String = TaskStatus.todo.rawValue
    public var dependsOn: [String] = []
    public var description: String?

    public init(title: String, phase: String? = nil) {
        self.title = title
        self.phase = phase
    }
}

/// Adds a task: a heading and a `task` block at the end of a phase (before the Closure Review),
/// with the next task id in the width the workplan uses. Only inserted bytes (and the front
/// matter's `updated:` date) change; the result is parsed before it is returned.
public enum TaskAdder {
    /// The change that adds `task` to the workplan `workplanID`, and the new task's id.
    public static func plan(
        _ task: NewTask, to workplanID: String, force: Bool = false,
        expecting expectation: WriteExpectation = WriteExpectation(), today: String, in set: WorkplanSet,
        taken: Set<String> = []
    ) throws(EditRefusal) -> (change: FileChange, taskID: String) {
        guard let (source, workplan) = set.workplan(workplanID) else { throw .unknownWorkplan(workplanID) }
        guard workplan.isReliable else { throw .unreliable(workplan.path) }
        try expectation.check(workplanID, status: workplan.statusText, in: workplan)
        try validate(task, in: set)
        if let status = workplan.status, status.isClosed, !force {
            throw .addingToClosedWorkplan(workplanID, status: status.rawValue)
        }
        let taskID = nextTaskID(of: workplanID, workplan, in: set, taken: taken)
        let place = TaskPlacement(workplan, phase: task.phase)
        let ending = workplan.document.source.lineEnding
        var text = place.newPhaseHeading.map { "## \($0)" + ending + ending } ?? ""
        text += String(repeating: "#", count: place.headingLevel) + " " + place.label + task.title + ending + ending
        text += "```task" + ending + "id: \(taskID)" + ending + "status: \(task.status)" + ending
        text += "priority: \(task.priority)" + ending
        if !task.dependsOn.isEmpty { text += "depends_on: [\(task.dependsOn.joined(separator: ", "))]" + ending }
        text += "```" + ending
        if let description = task.description?.trimmingCharacters(in: .whitespacesAndNewlines), !description.isEmpty {
            let lines = description.split(separator: "\n", omittingEmptySubsequences: false)
            text +=
                ending + lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }.joined(separator: ending)
                + ending
        }
        let bytes = workplan.bytes
        let insertion = ByteEdit(
            range: place.offset..<place.offset,
            replacement: Array(
                (separator(before: place.offset, in: bytes, ending: ending) + text
                    + (place.offset == bytes.count ? "" : ending)).utf8))
        var edits = [insertion]
        if let updated = workplan.setFrontMatter("updated", to: today) { edits.append(updated) }
        guard let result = ByteEdit.apply(edits, to: bytes) else { throw .inconsistentResult("overlapping edits") }
        try check(result, adding: taskID, task, to: workplan, headings: place.newPhaseHeading == nil ? 1 : 2)
        let change = FileChange(
            absolutePath: source.absolutePath, displayPath: source.displayPath, original: bytes, updated: result)
        return (change, taskID)
    }

    private static func validate(_ task: NewTask, in set: WorkplanSet) throws(EditRefusal) {
        let title = task.title.trimmingCharacters(in: .whitespaces)
        guard !title.isEmpty, !title.contains(where: \.isNewline) else { throw .taskHeadingRequired }
        guard TaskStatus(rawValue: task.status) != nil else {
            throw .invalidValue(key: "status", value: task.status, allowed: TaskStatus.allCases.map(\.rawValue))
        }
        guard TaskPriority(rawValue: task.priority) != nil else {
            throw .invalidValue(key: "priority", value: task.priority, allowed: TaskPriority.allCases.map(\.rawValue))
        }
        for dependency in task.dependsOn where set.workplan(holdingTask: dependency) == nil {
            throw .unknownTask(dependency)
        }
        if let phase = task.phase,
            phase.trimmingCharacters(in: .whitespaces).isEmpty || phase.contains(where: \.isNewline)
        {
            throw .invalidValue(key: "phase", value: phase, allowed: ["a heading text on one line"])
        }
    }

    /// The next `WP-Tnn` after the workplan's highest task number (counting `taken` ids, declared
    /// on other branches or in the store), as wide as its widest task number (two digits at
    /// least), free in every workplan of the set.
    static func nextTaskID(
        of workplanID: String, _ workplan: Workplan, in set: WorkplanSet, taken: Set<String> = []
    ) -> String {
        let prefix = workplanID + "-T"
        var highest = 0
        var width = 2
        for id in workplan.tasks.compactMap(\.id) + taken where id.hasPrefix(prefix) {
            let digits = id.dropFirst(prefix.count)
            guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let number = Int(digits) else { continue }
            highest = max(highest, number)
            width = max(width, digits.count)
        }
        var number = highest + 1
        while true {
            let digits = String(number)
            let id = prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits
            if set.workplan(holdingTask: id) == nil, set.workplan(id) == nil, !taken.contains(id) { return id }
            number += 1
        }
    }

    /// What must precede inserted text at `offset` so that a blank line separates it from the
    /// text before (nothing at the start of the file).
    private static func separator(before offset: Int, in bytes: [UInt8], ending: String) -> String {
        guard offset > 0 else { return "" }
        var index = offset
        var endings = 0
        while endings < 2, index > 0, bytes[index - 1] == UInt8(ascii: "\n") || bytes[index - 1] == UInt8(ascii: "\r") {
            if bytes[index - 1] == UInt8(ascii: "\n"), index > 1, bytes[index - 2] == UInt8(ascii: "\r") { index -= 1 }
            index -= 1
            endings += 1
        }
        return String(repeating: ending, count: 2 - endings)
    }

    /// Refuses a result that does not read back as the same workplan plus the new task and its
    /// `headings` new headings (a description that starts a section is refused).
    private static func check(
        _ result: [UInt8], adding taskID: String, _ task: NewTask, to workplan: Workplan, headings: Int
    ) throws(EditRefusal) {
        let reread = WorkplanParser.parse(bytes: result, path: workplan.path)
        let before = workplan.tasks.map { [$0.id, $0.statusText, $0.phase] }
        let after = reread.tasks.filter { $0.id != taskID }.map { [$0.id, $0.statusText, $0.phase] }
        guard let added = reread.task(taskID), reread.tasks.count == workplan.tasks.count + 1, before == after,
            added.title == task.title.trimmingCharacters(in: .whitespaces), added.statusText == task.status,
            added.dependsOn.map(\.text) == task.dependsOn, reread.isReliable,
            reread.closureReview?.items.count == workplan.closureReview?.items.count,
            reread.document.headings.count == workplan.document.headings.count + headings
        else {
            throw .inconsistentResult("\(workplan.path) would not read back with the task added as given")
        }
    }
}
