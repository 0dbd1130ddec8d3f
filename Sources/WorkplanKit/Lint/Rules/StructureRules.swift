/// Rules about the Markdown structure around task blocks.
enum StructureRules {
    static let taskHeading = Rule(
        id: .taskHeading,
        summary: "a task block with no heading of its own between it and the previous task block",
        severity: .warning,
        triggering: [
            RuleExample(Sample.workplan(Sample.task("01") + "\n↓```task\nid: TEST-WP-0001-T02\nstatus: todo\n```\n"))
        ],
        nonTriggering: [RuleExample(Sample.workplan(Sample.task("01") + Sample.task("02", heading: "Two")))]
    ) { context in
        context.workplan.tasks.compactMap { task in
            task.heading == nil
                ? Finding(
                    rule: .taskHeading, at: task.location,
                    "task \(task.id ?? "") has no heading of its own: its title comes from the heading above it")
                : nil
        }
    }

    static let taskLikeBlock = Rule(
        id: .taskLikeBlock,
        summary: "a fenced block with another info string whose YAML has a task id (probably meant to be `task`)",
        severity: .warning,
        triggering: [
            RuleExample(Sample.workplan() + "\n### Two\n\n↓```yaml\nid: TEST-WP-0001-T02\nstatus: todo\n```\n")
        ],
        nonTriggering: [RuleExample(Sample.workplan() + "\n```yaml\nname: example\n```\n")]
    ) { context in
        context.workplan.taskLikeBlocks.map { block, id in
            Finding(
                rule: .taskLikeBlock,
                at: context.workplan.document.source.location(line: block.openLine, byteInLine: block.fenceColumn),
                "block '\(block.infoWord)' holds task id \(id) but is not a task block: use ```task")
        }
    }

    static let hiddenTaskBlock = Rule(
        id: .hiddenTaskBlock,
        summary:
            "a `task` fence inside a block quote or an HTML block (a comment, say), where it is not read as a task",
        severity: .warning,
        triggering: [
            RuleExample(Sample.workplan() + "\n### Two\n\n> ↓```task\n> id: TEST-WP-0001-T02\n> status: todo\n> ```\n"),
            RuleExample(
                Sample.workplan() + "\n<!-- not now\n\n↓~~~ task\nid: TEST-WP-0001-T02\nstatus: todo\n~~~\n-->\n"),
        ],
        nonTriggering: [
            RuleExample(Sample.workplan() + "\n````markdown\n> ```task\n````\n"),
            RuleExample(Sample.workplan() + "\n> ```yaml\n> id: x\n> ```\n"),
        ]
    ) { context in
        let document = context.workplan.document
        let source = document.source
        var findings: [Finding] = document.quotedFences.filter { $0.infoWord == "task" }.map { fence in
            Finding(
                rule: .hiddenTaskBlock, at: source.location(line: fence.openLine, byteInLine: fence.fenceColumn),
                "this task block is inside a block quote and is not read as a task: move it out")
        }
        // CommonMark sees no fence inside an HTML block: look for lines that would open one.
        for block in document.htmlBlocks where block.startLine <= block.endLine {
            for index in block.startLine...min(block.endLine, source.lines.count - 1) {
                let bytes = Array(source.content(ofLine: index))
                var cursor = 0
                while cursor < bytes.count, isSpaceOrTab(bytes[cursor]) || bytes[cursor] == UInt8(ascii: ">") {
                    cursor += 1
                }
                guard opensTaskFence(bytes[cursor...]) else { continue }
                findings.append(
                    Finding(
                        rule: .hiddenTaskBlock, at: source.location(line: index, byteInLine: cursor),
                        "this task block is inside an HTML block and is not read as a task: move it out"))
            }
        }
        return findings.sorted { $0.location < $1.location }
    }

    /// Whether text starts with a fence of three or more backticks or tildes whose info word is `task`.
    private static func opensTaskFence(_ text: ArraySlice<UInt8>) -> Bool {
        guard let marker = text.first, marker == UInt8(ascii: "`") || marker == UInt8(ascii: "~") else { return false }
        let fence = text.prefix { $0 == marker }
        guard fence.count >= 3 else { return false }
        let info = text.dropFirst(fence.count).drop { $0 == 0x20 || $0 == 0x09 }
        let word = info.prefix { $0 != 0x20 && $0 != 0x09 }
        return word.elementsEqual("task".utf8)
    }

    static let fileName = Rule(
        id: .fileName,
        summary: "the file name does not start with the workplan id",
        severity: .warning,
        triggering: [RuleExample(Sample.frontMatter(id: "↓TEST-WP-0001"), path: "plan.md")],
        nonTriggering: [RuleExample(Sample.frontMatter(), path: "TEST-WP-0001-example.md")]
    ) { context in
        guard let scalar = context.workplan.frontMatter?["id"]?.value.scalar else { return [] }
        let name = context.workplan.path.split(separator: "/").last.map(String.init) ?? context.workplan.path
        guard !name.hasPrefix(scalar.text) else { return [] }
        return [
            Finding(
                rule: .fileName, at: scalar.location,
                "file name '\(name)' does not start with the workplan id \(scalar.text)")
        ]
    }
}
