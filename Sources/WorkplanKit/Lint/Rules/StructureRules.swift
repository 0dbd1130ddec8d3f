/// Rules about the Markdown structure around task blocks.
enum StructureRules {
    static let taskHeading = Rule(
        id: "task-heading",
        summary: "a task block with no heading of its own between it and the previous task block",
        severity: .warning,
        triggering: [RuleExample(Sample.workplan(Sample.task("01") + "\n↓```task\nid: TEST-WP-0001-T02\nstatus: todo\n```\n"))],
        nonTriggering: [RuleExample(Sample.workplan(Sample.task("01") + Sample.task("02", heading: "Two")))]
    ) { context in
        context.workplan.tasks.compactMap { task in
            task.heading == nil
                ? Finding(rule: "task-heading", at: task.location, "task \(task.id ?? "") has no heading of its own: its title comes from the heading above it")
                : nil
        }
    }

    static let taskLikeBlock = Rule(
        id: "task-like-block",
        summary: "a fenced block with another info string whose YAML has a task id (probably meant to be `task`)",
        severity: .warning,
        triggering: [RuleExample(Sample.workplan() + "\n### Two\n\n↓```yaml\nid: TEST-WP-0001-T02\nstatus: todo\n```\n")],
        nonTriggering: [RuleExample(Sample.workplan() + "\n```yaml\nname: example\n```\n")]
    ) { context in
        context.workplan.taskLikeBlocks.map { block, id in
            Finding(rule: "task-like-block", at: context.workplan.document.source.location(line: block.openLine, byteInLine: block.fenceColumn),
                    "block '\(block.infoWord)' holds task id \(id) but is not a task block: use ```task")
        }
    }

    static let fileName = Rule(
        id: "file-name",
        summary: "the file name does not start with the workplan id",
        severity: .warning,
        triggering: [RuleExample(Sample.frontMatter(id: "↓TEST-WP-0001"), path: "plan.md")],
        nonTriggering: [RuleExample(Sample.frontMatter(), path: "TEST-WP-0001-example.md")]
    ) { context in
        guard let scalar = context.workplan.frontMatter?["id"]?.value.scalar else { return [] }
        let name = context.workplan.path.split(separator: "/").last.map(String.init) ?? context.workplan.path
        guard !name.hasPrefix(scalar.text) else { return [] }
        return [Finding(rule: "file-name", at: scalar.location, "file name '\(name)' does not start with the workplan id \(scalar.text)")]
    }
}
