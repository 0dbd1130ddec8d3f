/// Rules about ids and UUIDs, within a file and across all files.
enum IdentityRules {
    static let idFormat = Rule(
        id: "id-format",
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
                    rule: "id-format", at: scalar.location,
                    "workplan id '\(scalar.text)' does not match the id pattern \(pattern)"))
        }
        let prefix = (workplan.id ?? "") + "-T"
        for task in workplan.tasks {
            guard let scalar = task.fields?["id"]?.value.scalar else { continue }
            let digits = scalar.text.hasPrefix(prefix) ? scalar.text.dropFirst(prefix.count) : ""
            if digits.isEmpty || !digits.allSatisfy(\.isASCIIDigit) {
                findings.append(
                    Finding(
                        rule: "id-format", at: scalar.location,
                        "task id '\(scalar.text)' must be '\(prefix)' followed by digits"))
            }
        }
        return findings
    }

    static let duplicateID = Rule(
        id: "duplicate-id",
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
        nonTriggering: [RuleExample(Sample.workplan(Sample.task("01") + Sample.task("02", heading: "Two")))]
    ) { context in
        duplicates(in: context, rule: "duplicate-id", what: "id") { index in
            var places: [(String, [Place])] = []
            if let scalar = context.workplan.frontMatter?["id"]?.value.scalar {
                places.append((scalar.text, index.workplanIDs[scalar.text] ?? []))
            }
            for task in context.workplan.tasks {
                if let id = task.id { places.append((id, index.taskIDs[id] ?? [])) }
            }
            return places
        }
    }

    static let duplicateUUID = Rule(
        id: "duplicate-uuid",
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
        ]
    ) { context in
        duplicates(in: context, rule: "duplicate-uuid", what: "UUID") { index in
            var texts = Set<String>()
            if let uuid = context.workplan.uuid { texts.insert(uuid) }
            for task in context.workplan.tasks { if let uuid = task.uuid { texts.insert(uuid) } }
            for dependency in context.workplan.dependencyBullets {
                if let uuid = dependency.uuid { texts.insert(uuid.text) }
            }
            return texts.sorted().map { ($0, index.uuids[$0] ?? []) }
        }
    }

    /// Flags every place of this file that is not the first place of its value.
    private static func duplicates(
        in context: RuleContext, rule: String, what: String,
        places: (WorkplanIndex) -> [(String, [Place])]
    ) -> [Finding] {
        var findings: [Finding] = []
        var reported = Set<Place>()
        for (value, all) in places(context.index) where all.count > 1 {
            guard let first = all.first else { continue }
            for place in all.dropFirst() where place.path == context.workplan.path && reported.insert(place).inserted {
                findings.append(
                    Finding(
                        rule: rule, at: place.location, "duplicate \(what) '\(value)'",
                        notes: [
                            DiagnosticNote(message: "first declared here", path: first.path, location: first.location)
                        ]))
            }
        }
        return findings
    }
}
