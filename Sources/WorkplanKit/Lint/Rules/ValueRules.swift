/// Rules about the values of keys.
enum ValueRules {
    static let invalidValue = Rule(
        id: .invalidValue,
        summary:
            "a status, priority, type, domain or title that is not allowed (including YAML 1.1 surprises such as `status: no`)",
        triggering: [
            RuleExample(Sample.frontMatter("status: ↓finished")),
            RuleExample(Sample.frontMatter("domain: ↓Custom Domain")),
            RuleExample(Sample.frontMatter("type: ↓plan")),
            RuleExample(Sample.workplan(Sample.task("01", status: "↓no"))),
            RuleExample(Sample.workplan(Sample.task("01", "priority: ↓urgent"))),
        ],
        nonTriggering: [RuleExample(Sample.workplan(Sample.task("01", status: "\"done\"", "priority: low")))]
    ) { context in
        var findings: [Finding] = []
        func require(_ mapping: YAMLMapping, _ key: String, in allowed: [String]) {
            guard let field = mapping[key] else { return }
            guard let scalar = field.value.scalar else {
                findings.append(
                    Finding(rule: .invalidValue, at: field.value.location, "'\(key)' must be a single value"))
                return
            }
            guard !allowed.contains(scalar.text) else { return }
            let list = allowed.joined(separator: ", ")
            if let surprise = yaml11Surprise(scalar) {
                findings.append(
                    Finding(
                        rule: .invalidValue, at: scalar.location,
                        "'\(key)' reads as \(surprise) in YAML 1.1; use one of: \(list)"))
            } else {
                findings.append(
                    Finding(
                        rule: .invalidValue, at: scalar.location,
                        "invalid \(key) '\(scalar.text)'; expected one of: \(list)"))
            }
        }
        if let frontMatter = context.workplan.frontMatter {
            require(frontMatter, "type", in: ["workplan"])
            require(frontMatter, "status", in: workplanStatuses)
            if let field = frontMatter["domain"] {
                if let scalar = field.value.scalar {
                    if !isSlug(scalar.text) {
                        findings.append(
                            Finding(
                                rule: .invalidValue, at: scalar.location,
                                "invalid domain '\(scalar.text)': use lower-case letters, digits, '-' and '_', starting with a letter"
                            ))
                    }
                } else {
                    findings.append(
                        Finding(rule: .invalidValue, at: field.value.location, "'domain' must be a single value"))
                }
            }
            for key in ["title", "owner", "topic_slug"] {
                guard let field = frontMatter[key] else { continue }
                if let scalar = field.value.scalar {
                    if key == "title", scalar.text.trimmingSpaces().isEmpty {
                        findings.append(Finding(rule: .invalidValue, at: scalar.location, "title is empty"))
                    }
                } else {
                    findings.append(
                        Finding(rule: .invalidValue, at: field.value.location, "'\(key)' must be a single value"))
                }
            }
            for key in ["depends_on", "blocks"] {
                if let field = frontMatter[key], field.value.scalarList == nil {
                    findings.append(
                        Finding(
                            rule: .invalidValue, at: field.value.location, "'\(key)' must be a list of workplan ids"))
                }
            }
        }
        for task in context.workplan.tasks {
            guard let fields = task.fields else { continue }
            require(fields, "status", in: taskStatuses)
            require(fields, "priority", in: taskPriorities)
            if let field = fields["depends_on"], field.value.scalarList == nil {
                findings.append(
                    Finding(rule: .invalidValue, at: field.value.location, "'depends_on' must be a list of task ids"))
            }
        }
        return findings
    }

    static let invalidUUID = Rule(
        id: .invalidUUID,
        summary: "a state hub id that is not a UUID written in lowercase",
        triggering: [
            RuleExample(Sample.frontMatter("state_hub_workstream_id: ↓2271EB55-62CA-4BCC-8D9F-F9AACD6922D6")),
            RuleExample(Sample.workplan(Sample.task("01", "state_hub_task_id: ↓not-a-uuid"))),
        ],
        nonTriggering: [
            RuleExample(Sample.workplan(Sample.task("01", "state_hub_task_id: 456a0252-9a34-43a6-8244-c3a2caf95d51")))
        ]
    ) { context in
        var scalars: [YAMLScalar] = []
        if let scalar = context.workplan.frontMatter?["state_hub_workstream_id"]?.value.scalar {
            scalars.append(scalar)
        }
        for task in context.workplan.tasks {
            if let scalar = task.fields?["state_hub_task_id"]?.value.scalar { scalars.append(scalar) }
        }
        // The bullets of one group share their UUID: each place is checked once.
        for uuid in context.workplan.dependencyBullets.compactMap(\.uuid)
        where !scalars.contains(where: { $0.location == uuid.location }) {
            scalars.append(uuid)
        }
        return scalars.compactMap { scalar in
            guard !isLowercaseUUID(scalar.text) else { return nil }
            let lower = scalar.text.lowercased()
            let message =
                scalar.isNull
                ? "the UUID has no value: remove the line, and sync writes one"
                : isLowercaseUUID(lower)
                    ? "UUID '\(scalar.text)' must be written in lowercase"
                    : "'\(scalar.text)' is not a UUID"
            return Finding(rule: .invalidUUID, at: scalar.location, message)
        }
    }

    // The allowed words, built once: a list built per task block cost an allocation each.
    private static let workplanStatuses = WorkplanStatus.allCases.map(\.rawValue)
    private static let taskStatuses = TaskStatus.allCases.map(\.rawValue)
    private static let taskPriorities = TaskPriority.allCases.map(\.rawValue)

    static func isSlug(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || $0.isASCIIDigit || $0 == "-" || $0 == "_" }
    }
}
