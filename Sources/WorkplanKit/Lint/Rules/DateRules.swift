/// Rules about the front matter dates.
enum DateRules {
    static let invalidDate = Rule(
        id: .invalidDate,
        summary: "a date that is not a real calendar date written YYYY-MM-DD",
        triggering: [
            RuleExample(Sample.frontMatter("created: ↓2026-02-30")),
            RuleExample(Sample.frontMatter("updated: ↓\"March 3\"")),
        ],
        nonTriggering: [RuleExample(Sample.frontMatter("created: 2024-02-29", "updated: \"2024-03-01\""))]
    ) { context in
        guard let frontMatter = context.workplan.frontMatter else { return [] }
        return ["created", "updated", "completed"].compactMap { key in
            guard let field = frontMatter[key] else { return nil }
            guard let scalar = field.value.scalar else {
                return Finding(
                    rule: .invalidDate, at: field.value.location, "'\(key)' must be a date written YYYY-MM-DD")
            }
            guard !WorkplanParser.isDate(scalar.text) else { return nil }
            return Finding(
                rule: .invalidDate, at: scalar.location, "'\(scalar.text)' is not a real date written YYYY-MM-DD")
        }
    }

    static let dateOrder = Rule(
        id: .dateOrder,
        summary: "`updated` or `completed` is before `created`",
        triggering: [RuleExample(Sample.frontMatter("updated: ↓2025-12-31"))],
        nonTriggering: [RuleExample(Sample.frontMatter("updated: 2026-01-05"))]
    ) { context in
        guard let frontMatter = context.workplan.frontMatter,
            let created = frontMatter["created"]?.value.scalar?.text, WorkplanParser.isDate(created)
        else { return [] }
        return ["updated", "completed"].compactMap { key in
            guard let scalar = frontMatter[key]?.value.scalar, WorkplanParser.isDate(scalar.text), scalar.text < created
            else { return nil }
            return Finding(
                rule: .dateOrder, at: scalar.location, "\(key) \(scalar.text) is before created \(created)")
        }
    }

    static let completedDate = Rule(
        id: .completedDate,
        summary: "status `completed` without a `completed` date, or a `completed` date on another status",
        triggering: [
            RuleExample(Sample.frontMatter(status: "↓completed")),
            RuleExample(Sample.frontMatter("↓completed: 2026-02-01")),
        ],
        nonTriggering: [RuleExample(Sample.completed)]
    ) { context in
        guard let frontMatter = context.workplan.frontMatter, let status = frontMatter["status"]?.value.scalar else {
            return []
        }
        let completed = frontMatter["completed"]
        if status.text == "completed", completed == nil {
            return [Finding(rule: .completedDate, at: status.location, "completed workplan has no 'completed' date")]
        }
        if status.text != "completed", let completed {
            return [
                Finding(
                    rule: .completedDate, at: completed.keyLocation,
                    "'completed' date on a workplan whose status is '\(status.text)'")
            ]
        }
        return []
    }
}
