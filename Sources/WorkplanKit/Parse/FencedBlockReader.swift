/// Reads a document's fenced blocks in file order: task blocks with their titles, phases and
/// descriptions, blocks that look like tasks under another info string, and the problems found.
struct FencedBlockReader {
    let document: MarkdownDocument
    let limits: ReadLimits
    private(set) var tasks: [WorkplanTask] = []
    private(set) var taskLike: [(block: FencedBlock, id: String)] = []
    private(set) var problems: [Finding] = []

    private var headingCursor = 0
    private var lastHeadingBefore: Heading?
    private var phase: String?
    private var previousTaskLine: Int

    init(document: MarkdownDocument, limits: ReadLimits) {
        self.document = document
        self.limits = limits
        previousTaskLine = document.bodyStartLine - 1
    }

    private var source: SourceText { document.source }

    mutating func read() {
        // A task's description ends at the next heading or the next task block, whichever is first.
        var nextTaskLine = Array(repeating: source.lines.count, count: document.fences.count)
        var following = source.lines.count
        var taskCount = 0
        for (index, block) in document.fences.enumerated().reversed() {
            nextTaskLine[index] = following
            if block.infoWord == "task" {
                following = block.openLine
                taskCount += 1
            }
        }
        tasks.reserveCapacity(taskCount)
        for (fenceIndex, block) in document.fences.enumerated() {
            passHeadings(before: block.openLine)
            if block.closeLine == nil {
                problems.append(
                    Finding(
                        rule: .unclosedFence,
                        at: source.location(line: block.openLine, byteInLine: block.fenceColumn),
                        block.lastLine >= source.lines.count - 1
                            ? "code block is never closed: it runs to the end of the file and hides what follows"
                            : "code block is never closed: it ends with its list item at line \(block.lastLine + 1)"))
            }
            if block.infoWord == "task" {
                readTask(block, descriptionEnd: nextTaskLine[fenceIndex])
            } else {
                readOther(block)
            }
        }
    }

    /// Moves past the headings before `line`: the last one gives the next title, level 2 the phase.
    private mutating func passHeadings(before line: Int) {
        let headings = document.headings
        while headingCursor < headings.count, headings[headingCursor].line < line {
            let heading = headings[headingCursor]
            lastHeadingBefore = heading
            if heading.level == 2 { phase = heading.text } else if heading.level == 1 { phase = nil }
            headingCursor += 1
        }
    }

    private mutating func readTask(_ block: FencedBlock, descriptionEnd: Int) {
        let region = WorkplanParser.contentRegion(of: block, in: source)
        var fields: YAMLMapping?
        if let finding = WorkplanParser.oversized(region, "task block", in: source, limits: limits) {
            problems.append(finding)
        } else {
            switch region.parseMapping(in: source) {
            case .success(let mapping): fields = mapping
            case .failure(let problem):
                problems.append(Finding(rule: problem.rule, at: problem.location, problem.message))
            }
        }
        let heading = lastHeadingBefore.flatMap { $0.line > previousTaskLine ? $0 : nil }
        tasks.append(
            WorkplanTask(
                fields: fields, block: block,
                location: source.location(line: block.openLine, byteInLine: block.fenceColumn),
                title: heading.map { WorkplanParser.stripOutlineLabel($0.text) } ?? "",
                heading: heading, phase: phase,
                descriptionLines: WorkplanParser.descriptionLines(
                    after: block, until: descriptionEnd, headings: document.headings, from: headingCursor,
                    in: source), source: source))
        previousTaskLine = block.lastLine
    }

    /// A block with another info string whose YAML holds a task-shaped id.
    private mutating func readOther(_ block: FencedBlock) {
        let region = WorkplanParser.contentRegion(of: block, in: source)
        guard WorkplanParser.looksLikeTask(region, in: source),
            WorkplanParser.oversized(region, "block", in: source, limits: limits) == nil,
            case .success(let mapping) = region.parseMapping(in: source),
            let id = mapping.string("id"), WorkplanParser.isTaskShaped(id)
        else { return }
        taskLike.append((block, id))
    }
}
