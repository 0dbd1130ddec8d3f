/// The rule about suppression comments themselves; the linter applies it after the others.
enum SuppressionRule {
    static let rule = Rule(
        id: .suppression,
        summary: "a suppression comment that names an unknown rule or suppresses nothing",
        severity: .warning,
        triggering: [
            RuleExample(Sample.workplan() + "\n↓<!-- workplan-lint disable-next-line no-such-rule -->\nText\n"),
            RuleExample(Sample.workplan() + "\n↓<!-- workplan-lint disable-file task-heading -->\n"),
        ],
        nonTriggering: [
            RuleExample(
                Sample.workplan(
                    Sample.task("01")
                        + "\n<!-- workplan-lint disable-next-line task-heading -->\n```task\nid: TEST-WP-0001-T02\nstatus: todo\n```\n"
                ))
        ]
    ) { _ in [] }
}
