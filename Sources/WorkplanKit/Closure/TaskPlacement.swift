/// Where `task add` puts a new task, and how its heading is written: at the end of its phase
/// (a level-2 section), or in a new phase after the last phase holding a task (else before the
/// Closure Review, else at the end of the file), never inside the Closure Review,
/// with the heading level and outline label (`P2.3 —`) the workplan's task headings use.
struct TaskPlacement {
    /// The byte offset the task is inserted at.
    var offset: Int
    /// The phase heading to write first, when the phase is new.
    var newPhaseHeading: String?
    /// The task heading's level.
    var headingLevel: Int
    /// The outline label before the title (`P2.3 — `), empty when the workplan's headings have none.
    var label: String

    init(_ workplan: Workplan, phase: String?) {
        let document = workplan.document
        let source = document.source
        let review = workplan.closureReview
        let phases = document.headings.filter { $0.level == 2 && $0.line != review?.heading.line }
        let taskHeadings = workplan.tasks.compactMap(\.heading)
        func lineStart(_ line: Int) -> Int { line < source.lines.count ? source.lines[line].start : source.bytes.count }
        // The review starts at its begin marker when it has one: nothing is inserted inside it.
        let reviewStart = review.map { lineStart(min($0.markers?.begin ?? $0.heading.line, $0.heading.line)) }
        /// The end of the section of the level-2 heading at `line`: the next heading of level 1 or 2.
        func sectionEnd(_ line: Int) -> Int {
            let next = document.headings.first { $0.line > line && $0.level <= 2 }
            let end = next.map { lineStart($0.line) } ?? source.bytes.count
            guard let reviewStart, reviewStart > lineStart(line) else { return end }
            return min(end, reviewStart)
        }
        let lastTaskLine = taskHeadings.last?.line ?? workplan.tasks.last?.block.openLine
        let lastTaskPhase = lastTaskLine.flatMap { line in phases.last { $0.line < line } }
        let target: Heading?
        if let phase {
            let wanted = phase.trimmingCharacters(in: .whitespaces).lowercased()
            target = phases.last {
                $0.text.lowercased() == wanted || WorkplanParser.stripOutlineLabel($0.text).lowercased() == wanted
            }
        } else {
            target = lastTaskPhase ?? phases.last
        }
        let labels = taskHeadings.compactMap { OutlineLabel($0.text) }
        if let target {
            let end = sectionEnd(target.line)
            offset = end
            newPhaseHeading = nil
            let inPhase = taskHeadings.filter { $0.line > target.line && lineStart($0.line) < end }
            headingLevel = inPhase.last?.level ?? taskHeadings.last?.level ?? 3
            label = inPhase.last.flatMap { OutlineLabel($0.text) }?.next ?? ""
            if label.isEmpty, inPhase.isEmpty, let last = labels.last {
                label =
                    OutlineLabel(
                        prefix: last.prefix, major: (labels.map(\.major).max() ?? 0) + 1, minor: 0, after: last.after
                    ).next
            }
        } else {
            offset = lastTaskPhase.map { sectionEnd($0.line) } ?? reviewStart ?? source.bytes.count
            newPhaseHeading = phase?.trimmingCharacters(in: .whitespaces) ?? "Tasks"
            headingLevel = taskHeadings.last?.level ?? 3
            label =
                labels.last.map {
                    OutlineLabel(
                        prefix: $0.prefix, major: (labels.map(\.major).max() ?? 0) + 1, minor: 0, after: $0.after
                    )
                    .next
                } ?? ""
        }
    }
}

/// An outline label of a task heading such as `P1.2 — ` (prefix `P`, major 1, minor 2).
struct OutlineLabel {
    var prefix: String
    var major: Int
    var minor: Int
    /// What follows the numbers up to the title: ` — `, `: `, ...
    var after: String

    init(prefix: String, major: Int, minor: Int, after: String) {
        (self.prefix, self.major, self.minor, self.after) = (prefix, major, minor, after)
    }

    /// Reads the label of a heading text, nil when it has none of the form `P1.2 — `.
    init?(_ text: String) {
        guard let match = text.prefixMatch(of: #/([A-Za-z]{0,3})([0-9]+)\.([0-9]+)(\s*[—–:-]\s*)/#),
            let major = Int(match.output.2), let minor = Int(match.output.3)
        else { return nil }
        self.init(prefix: String(match.output.1), major: major, minor: minor, after: String(match.output.4))
    }

    /// The label of the next task: `P1.3 — ` after `P1.2 — `.
    var next: String { "\(prefix)\(major).\(minor + 1)\(after)" }
}
