/// Rules whose findings the parser makes while reading a file.
enum ParseRules {
    static let unreadable = Rule.parseRule(
        id: .unreadable,
        summary: "the file cannot be read as text (invalid UTF-8, NUL bytes, too large, no permission, vanished)",
        triggering: [RuleExample("↓\u{0}binary")],
        nonTriggering: [RuleExample(Sample.workplan())])

    static let frontMatter = Rule.parseRule(
        id: .frontMatter,
        summary: "front matter is missing, not closed, or not a mapping",
        triggering: [
            RuleExample("↓# No front matter\n"),
            RuleExample("↓---\nid: TEST-WP-0001\n"),
            RuleExample("---\n↓- a list\n---\n"),
        ],
        nonTriggering: [RuleExample(Sample.workplan())])

    static let yamlSyntax = Rule.parseRule(
        id: .yamlSyntax,
        summary: "a front matter or task block is not valid YAML (anchors and aliases are refused)",
        triggering: [
            RuleExample(Sample.workplan(Sample.task("01", "priority: ↓\"high\n"))),
            RuleExample(Sample.workplan(Sample.task("01", "priority: ↓&p high", "carried_from: *p"))),
        ],
        nonTriggering: [RuleExample(Sample.workplan(Sample.task("01", "priority: \"high\"")))])

    static let duplicateKey = Rule.parseRule(
        id: .duplicateKey,
        summary: "a key appears twice in the same front matter or task block",
        triggering: [RuleExample(Sample.workplan(Sample.task("01", "↓status: done")))],
        nonTriggering: [RuleExample(Sample.workplan())])

    static let unclosedFence = Rule.parseRule(
        id: .unclosedFence,
        summary: "a fenced block is never closed and swallows the rest of the file",
        triggering: [RuleExample(Sample.workplan() + "\n### Open\n\n↓```task\nid: TEST-WP-0001-T02\nstatus: todo\n")],
        nonTriggering: [RuleExample(Sample.workplan() + "\n~~~text\n```\n~~~\n")])
}
