import Foundation

/// A small deterministic random number generator (SplitMix64): the same seed gives the same corpus.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// Generates realistic, lint-clean workplans shaped like a team's real files: front matter with
/// state hub ids, phases, 6 to 14 tasks with headings, descriptions and bullet lists, dependency
/// bullets on earlier workplans, and completed workplans with a marked Closure Review.
public struct CorpusGenerator: Sendable {
    public var seed: UInt64
    public var prefix = "BN"

    public init(seed: UInt64) { self.seed = seed }

    static let domains = ["billing", "search", "platform", "mobile", "data", "infra", "growth", "security"]
    static let verbs = [
        "Create", "Migrate", "Wire", "Document", "Replace", "Validate", "Expose", "Refactor", "Measure", "Harden",
    ]
    static let nouns = [
        "`domains` table", "repo router", "sync job", "dashboard page", "API schema", "MCP tool",
        "cleanup script", "rate limiter", "audit log", "search index", "billing export", "feature flag",
    ]
    static let words = [
        "state", "hub", "domain", "migration", "router", "schema", "endpoint", "filter", "workflow",
        "registry", "template", "validation", "summary", "cache", "index", "owner", "release", "rollout",
    ]

    /// The id of workplan number `index` (0-based).
    public func id(_ index: Int) -> String { prefix + "-WP-" + String(format: "%06d", index + 1) }

    /// The file name of workplan number `index`.
    public func fileName(_ index: Int) -> String { id(index) + ".md" }

    /// The text of workplan number `index`; independent of the others, so files can be made in parallel.
    public func workplan(_ index: Int) -> String {
        var random = SeededGenerator(seed: seed &+ UInt64(index) &* 0x1000_0000_01B3)
        let id = id(index)
        let domain = Self.domains[index % Self.domains.count]
        let completed = random.next() % 10 < 3
        let status = completed ? "completed" : ["active", "active", "draft", "blocked"][Int(random.next() % 4)]
        let created = date(&random, from: 0)
        let updated = date(&random, from: 200)
        let title = "\(domain.capitalized) \(sentence(&random, 3).capitalized) v\(index % 9 + 1)"
        var lines = [
            "---", "id: \(id)", "type: workplan", "title: \"\(title)\"", "domain: \(domain)", "status: \(status)",
            "owner: team-\(domain)", "topic_slug: \(domain)", "state_hub_workstream_id: \(uuid(&random))",
            "created: \"\(created)\"", "updated: \"\(updated)\"",
        ]
        if completed { lines.append("completed: \"\(updated)\"") }
        lines += [
            "---", "", "# \(title)", "", "## Summary", "", paragraph(&random, 3), "", "## Context", "",
            paragraph(&random, 2), "",
        ]
        if index > 0 {
            let target = self.id(Int(random.next() % UInt64(min(index, 50))) + max(0, index - 50))
            lines += [
                "## Dependencies", "", "- Depends on: `\(target)` (\(sentence(&random, 4)))",
                "- state_hub_dependency_id: \(uuid(&random))", "",
            ]
        }
        let taskCount = 6 + Int(random.next() % 9)
        let phaseCount = 2 + Int(random.next() % 3)
        var tasks: [(id: String, title: String, status: String)] = []
        var number = 0
        for phase in 1...phaseCount {
            lines += ["## Phase \(phase) — \(sentence(&random, 3).capitalized)", ""]
            let inPhase = phase == phaseCount ? taskCount - number : taskCount / phaseCount
            for step in 1...max(inPhase, 1) where number < taskCount {
                number += 1
                let taskID = id + "-T" + String(format: "%02d", number)
                let taskTitle =
                    "\(Self.verbs[Int(random.next() % UInt64(Self.verbs.count))]) \(Self.nouns[Int(random.next() % UInt64(Self.nouns.count))])"
                let taskStatus: String
                if completed {
                    taskStatus = random.next() % 8 == 0 ? "cancelled" : "done"
                } else {
                    taskStatus =
                        number == taskCount
                        ? "todo" : ["todo", "in_progress", "done", "done", "blocked"][Int(random.next() % 5)]
                }
                tasks.append((taskID, taskTitle, taskStatus))
                lines += [
                    "### P\(phase).\(step) — \(taskTitle)", "", "```task", "id: \(taskID)",
                    "state_hub_task_id: \(uuid(&random))",
                    "status: \(taskStatus)",
                    "priority: \(["critical", "high", "medium", "low"][Int(random.next() % 4)])", "```", "",
                    paragraph(&random, 2), "",
                ]
                for _ in 0..<Int(random.next() % 4) { lines.append("- \(sentence(&random, 6))") }
                lines.append("")
            }
            if phase < phaseCount { lines += ["---", ""] }
        }
        if completed {
            let done = tasks.filter { $0.status == "done" }
            let cancelled = tasks.filter { $0.status == "cancelled" }
            lines += [
                "<!-- closure-review:begin -->", "## Closure Review — \(updated)", "",
                "**Outcome:** \(done.count) of \(tasks.count) tasks completed, \(cancelled.count) cancelled, 0 carried forward.",
                "",
                "| Task | Title | Classification |", "|---|---|---|",
            ]
            lines += tasks.map { "| \($0.id) | \($0.title) | \($0.status) |" }
            lines += ["", "### Completed"] + (done.isEmpty ? ["- none"] : done.map { "- \($0.id) — \($0.title)" })
            lines +=
                ["", "### Cancelled"] + (cancelled.isEmpty ? ["- none"] : cancelled.map { "- \($0.id) — \($0.title)" })
            lines += ["", "### Carried forward", "- none", "<!-- closure-review:end -->"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `count` workplans into `folder` (created if needed).
    public func write(count: Int, to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let errors = ErrorBox()
        DispatchQueue.concurrentPerform(iterations: count) { index in
            do {
                try Data(workplan(index).utf8).write(to: URL(fileURLWithPath: folder + "/" + fileName(index)))
            } catch {
                errors.record("\(error)")
            }
        }
        if let first = errors.first {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: first])
        }
    }

    private func date(_ random: inout SeededGenerator, from offset: Int) -> String {
        let day = offset + Int(random.next() % 150)
        let base = DateComponents(
            calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"), year: 2025, month: 1,
            day: 1)
        let date = (base.date ?? Date(timeIntervalSince1970: 0)).addingTimeInterval(Double(day) * 86_400)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    private func uuid(_ random: inout SeededGenerator) -> String {
        let high = random.next()
        let low = random.next()
        let hex = String(format: "%016llx%016llx", high, low)
        let chars = Array(hex)
        return String(chars[0..<8]) + "-" + String(chars[8..<12]) + "-4" + String(chars[13..<16]) + "-a"
            + String(chars[17..<20]) + "-" + String(chars[20..<32])
    }

    private func sentence(_ random: inout SeededGenerator, _ count: Int) -> String {
        (0..<count).map { _ in Self.words[Int(random.next() % UInt64(Self.words.count))] }.joined(separator: " ")
    }

    private func paragraph(_ random: inout SeededGenerator, _ lines: Int) -> String {
        (0..<lines).map { _ in sentence(&random, 9).capitalized + "." }.joined(separator: "\n")
    }
}

final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [String] = []

    func record(_ error: String) {
        lock.lock()
        errors.append(error)
        lock.unlock()
    }

    var first: String? {
        lock.lock()
        defer { lock.unlock() }
        return errors.first
    }
}
