/// Building blocks for rule examples, so each example shows only what it is about.
enum Sample {
    /// A front matter block; `lines` replaces or adds keys (written as YAML lines).
    static func frontMatter(id: String = "TEST-WP-0001", status: String = "active", _ lines: String...) -> String {
        var keys: [(String, String)] = [
            ("id", "id: \(id)"), ("type", "type: workplan"), ("title", "title: Example plan"),
            ("domain", "domain: testing"), ("status", "status: \(status)"), ("created", "created: \"2026-01-05\""),
        ]
        for line in lines {
            let key = String(line.prefix { $0 != ":" }).replacingOccurrences(of: "↓", with: "")
            if let index = keys.firstIndex(where: { $0.0 == key }) {
                keys[index].1 = line
            } else {
                keys.append((key, line))
            }
        }
        return "---\n" + keys.map(\.1).filter { !$0.hasSuffix(":-") }.joined(separator: "\n") + "\n---\n"
    }

    /// A task under a level-3 heading (`Task <number>` unless given).
    static func task(
        _ number: String = "01", status: String = "todo", heading: String? = nil, _ lines: String...
    ) -> String {
        let head = "\n### \(heading ?? "Task \(number)")\n"
        let extra = lines.map { $0 + "\n" }.joined()
        return "\(head)\n```task\nid: TEST-WP-0001-T\(number)\nstatus: \(status)\n\(extra)```\n"
    }

    /// A complete, clean workplan.
    static func workplan(status: String = "active", _ body: String = task()) -> String {
        frontMatter(status: status) + "\n# Example plan\n\n## Phase 1\n" + body
    }

    /// A closed workplan with a matching Closure Review.
    static let completed =
        frontMatter(status: "completed", "completed: \"2026-02-01\"") + """

            ## Phase 1
            \(task(status: "done"))
            ## Closure Review — 2026-02-01

            ### Completed
            - TEST-WP-0001-T01 — Task 01

            """
}
