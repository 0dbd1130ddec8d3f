/// Rules about which keys a block has.
enum KeyRules {
    static let requiredKey = Rule(
        id: .requiredKey,
        summary:
            "a required front matter key (id, type, title, domain, status, created) or task key (id, status) is missing",
        triggering: [
            RuleExample("↓" + Sample.frontMatter("created:-")),
            RuleExample(Sample.workplan("\n### Task\n\n↓```task\nid: TEST-WP-0001-T01\n```\n")),
        ],
        nonTriggering: [RuleExample(Sample.workplan())]
    ) { context in
        var findings: [Finding] = []
        let workplan = context.workplan
        if let frontMatter = workplan.frontMatter {
            for key in ["id", "type", "title", "domain", "status", "created"] where frontMatter[key] == nil {
                findings.append(
                    Finding(
                        rule: .requiredKey, at: SourceLocation(line: 1, column: 1),
                        "front matter has no '\(key)'"))
            }
        }
        for task in workplan.tasks {
            guard let fields = task.fields else { continue }
            for key in ["id", "status"] where fields[key] == nil {
                findings.append(Finding(rule: .requiredKey, at: task.location, "task block has no '\(key)'"))
            }
        }
        return findings
    }

    static let unknownKey = Rule(
        id: .unknownKey,
        summary: "a key the format does not define (with the closest known key)",
        severity: .warning,
        triggering: [
            RuleExample(Sample.frontMatter("↓stauts: active")),
            RuleExample(Sample.workplan(Sample.task("01", "↓prio: high"))),
        ],
        nonTriggering: [RuleExample(Sample.workplan(Sample.task("01", "priority: high")))]
    ) { context in
        var findings: [Finding] = []
        func check(_ mapping: YAMLMapping, known: [String], what: String) {
            for field in mapping.fields where !known.contains(field.key) {
                let hint = closestMatch(to: field.key, in: known).map { "; did you mean '\($0)'?" } ?? ""
                findings.append(
                    Finding(rule: .unknownKey, at: field.keyLocation, "unknown \(what) key '\(field.key)'\(hint)"))
            }
        }
        if let frontMatter = context.workplan.frontMatter {
            check(frontMatter, known: frontMatterKeys, what: "front matter")
        }
        for task in context.workplan.tasks {
            if let fields = task.fields { check(fields, known: taskKeys, what: "task") }
        }
        return findings
    }
}
