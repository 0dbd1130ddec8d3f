/// Rules about ids and UUIDs, within a file and across all files.
enum IdentityRules {
    static let idFormat = Rule(
        id: .idFormat,
        summary: "a workplan id that does not match the id pattern, or a task id that is not `<workplan id>-T<digits>`",
        triggering: [
            RuleExample(Sample.frontMatter(id: "↓wp-1"), path: "wp-1.md"),
            RuleExample(Sample.workplan("\n### Task\n\n```task\nid: ↓TEST-WP-0002-T01\nstatus: todo\n```\n")),
        ],
        nonTriggering: [RuleExample(Sample.workplan())]
    ) { context in
        var findings: [Finding] = []
        let workplan = context.workplan
        let pattern = context.configuration.idPattern
        if let scalar = workplan.frontMatter?["id"]?.value.scalar, !PatternCache.shared.matches(pattern, scalar.text) {
            findings.append(
                Finding(
                    rule: .idFormat, at: scalar.location,
                    "workplan id '\(scalar.text)' does not match the id pattern \(pattern)"))
        }
        let prefix = (workplan.id ?? "") + "-T"
        for task in workplan.tasks {
            guard let scalar = task.fields?["id"]?.value.scalar else { continue }
            // Bytes: an ASCII digit is one byte, and a byte that is not one fails as its
            // character would; dropping characters walked the text grapheme by grapheme.
            let text = scalar.text.utf8
            let digits = text.dropFirst(prefix.utf8.count)
            if !text.starts(with: prefix.utf8) || digits.isEmpty || !digits.allSatisfy({ (0x30...0x39).contains($0) }) {
                findings.append(
                    Finding(
                        rule: .idFormat, at: scalar.location,
                        "task id '\(scalar.text)' must be '\(prefix)' followed by digits"))
            }
        }
        return findings
    }

    static let duplicateID = Rule(
        id: .duplicateID,
        summary: "a workplan or task id declared twice, in this file or another (the later place is flagged)",
        triggering: [
            RuleExample(
                Sample.workplan(
                    Sample.task("01")
                        + Sample.task("01", heading: "Again").replacingOccurrences(of: "id: TEST", with: "id: ↓TEST"))),
            RuleExample(
                Sample.frontMatter(id: "↓TEST-WP-0001"), path: "TEST-WP-0001-b.md",
                others: [("TEST-WP-0001-a.md", Sample.frontMatter())]),
        ],
        nonTriggering: [RuleExample(Sample.workplan(Sample.task("01") + Sample.task("02", heading: "Two")))],
        crossFile: { duplicates(in: $0, rule: .duplicateID, what: "id", kinds: [.workplanID, .taskID]) }
    )

    static let duplicateUUID = Rule(
        id: .duplicateUUID,
        summary: "a state hub UUID used twice, in this file or another (the later place is flagged)",
        triggering: [
            RuleExample(
                Sample.workplan(
                    Sample.task("01", "state_hub_task_id: 456a0252-9a34-43a6-8244-c3a2caf95d51")
                        + Sample.task("02", heading: "Two", "state_hub_task_id: ↓456a0252-9a34-43a6-8244-c3a2caf95d51"))
            )
        ],
        nonTriggering: [
            RuleExample(Sample.workplan(Sample.task("01", "state_hub_task_id: 456a0252-9a34-43a6-8244-c3a2caf95d51")))
        ],
        crossFile: { duplicates(in: $0, rule: .duplicateUUID, what: "UUID", kinds: [.uuid]) }
    )

    /// Flags every place of this file that is not the first place of its value.
    private static func duplicates(
        in context: CrossFileContext, rule: RuleID, what: String, kinds: Set<WorkplanIndex.Repeat.Kind>
    ) -> [Finding] {
        var reported = Set<Place>()
        return (context.index.repeats[context.entry.path] ?? []).compactMap { repeated in
            guard kinds.contains(repeated.kind), reported.insert(repeated.place).inserted else { return nil }
            return Finding(
                rule: rule, at: repeated.place.location, "duplicate \(what) '\(repeated.value)'",
                notes: [
                    DiagnosticNote(
                        message: "first declared here", path: repeated.first.path, location: repeated.first.location)
                ])
        }
    }
}
