/// Rules about references between workplans and tasks.
enum DependencyRules {
    static let carriedTo = Rule(
        id: .carriedTo,
        summary: "a carried_forward task without `carried_to`, or pointing at an unknown id or at itself",
        triggering: [
            RuleExample(
                Sample.workplan(
                    Sample.task(status: "carried_forward").replacingOccurrences(of: "```task", with: "↓```task"))),
            RuleExample(Sample.workplan(Sample.task(status: "carried_forward", "carried_to: ↓TEST-WP-0001-T01"))),
            RuleExample(Sample.workplan(Sample.task(status: "carried_forward", "carried_to: ↓TEST-WP-0009-T01"))),
        ],
        nonTriggering: [
            RuleExample(
                Sample.workplan(Sample.task(status: "carried_forward", "carried_to: TEST-WP-0002-T01")),
                others: [
                    (
                        "TEST-WP-0002.md",
                        Sample.frontMatter(id: "TEST-WP-0002")
                            + "\n### Moved\n\n```task\nid: TEST-WP-0002-T01\nstatus: todo\n```\n"
                    )
                ])
        ],
        check: { context in
            context.workplan.tasks.compactMap { task in
                guard task.status == .carriedForward else { return nil }
                guard let target = task.fields?["carried_to"]?.value.scalar, !target.text.isEmpty else {
                    return Finding(
                        rule: .carriedTo, at: task.location,
                        "carried_forward task \(task.id ?? "") has no 'carried_to'")
                }
                if target.text == task.id {
                    return Finding(
                        rule: .carriedTo, at: target.location, "task \(target.text) is carried forward to itself")
                }
                return nil
            }
        },
        crossFile: { context in
            context.entry.carriedTo.compactMap { target in
                context.index.taskPlace(target.text) != nil
                    ? nil
                    : Finding(
                        rule: .carriedTo, at: target.location, "carried_to '\(target.text)' is not a known task")
            }
        }
    )

    static let unknownDependency = Rule(
        id: .unknownDependency,
        summary:
            "a dependency names an id no workplan here declares, nor (after a sync into a hub) any repository of the hub",
        severity: .warning,
        triggering: [
            RuleExample(Sample.frontMatter("depends_on: [↓TEST-WP-0042]")),
            RuleExample(Sample.workplan() + "\n## Dependencies\n\n- Blocks: `↓TEST-WP-0003` (later work)\n"),
        ],
        nonTriggering: [
            RuleExample(
                Sample.workplan(Sample.task("01") + Sample.task("02", heading: "Two", "depends_on: [TEST-WP-0001-T01]"))
            )
        ],
        crossFile: { context in
            context.entry.references.compactMap { reference in
                context.index.contains(reference.text) || context.elsewhere.contains(reference.text)
                    ? nil
                    : Finding(
                        rule: .unknownDependency, at: reference.location,
                        "'\(reference.text)' is not a workplan or task under the configured folders")
            }
        }
    )

    static let dependencyCycle = Rule(
        id: .dependencyCycle,
        summary: "workplans or tasks that depend on each other in a cycle (or on themselves)",
        triggering: [
            RuleExample(Sample.frontMatter("depends_on: [↓TEST-WP-0001]")),
            RuleExample(
                Sample.workplan(
                    Sample.task("01", "depends_on: [↓TEST-WP-0001-T02]")
                        + Sample.task("02", heading: "Two", "depends_on: [↓TEST-WP-0001-T01]"))),
        ],
        nonTriggering: [
            RuleExample(
                Sample.workplan(Sample.task("01") + Sample.task("02", heading: "Two", "depends_on: [TEST-WP-0001-T01]"))
            )
        ],
        crossFile: { context in
            let path = context.entry.path
            return context.index.cyclicReferences
                .filter { $0.key.path == path }
                .sorted { $0.key < $1.key }
                .map { place, members in
                    let list =
                        members.count == 1
                        ? "\(members[0]) depends on itself"
                        : "cycle through " + members.prefix(6).joined(separator: ", ")
                            + (members.count > 6 ? ", …" : "")
                    return Finding(rule: .dependencyCycle, at: place.location, "dependency cycle: \(list)")
                }
        }
    )
}
