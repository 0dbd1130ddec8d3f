import Foundation
import Testing

@testable import WorkplanKit

/// The agent fixtures (TEST-WP-0020 active, 0021 completed, 0022 waiting on 0020) in one variant.
func agentFixtures(_ variant: TextVariant = .lf) throws -> [(String, [UInt8])] {
    try ["TEST-WP-0020.md", "TEST-WP-0021.md", "TEST-WP-0022.md"].map { name in
        (name, variant.apply(try Fixtures.string("agents/" + name)))
    }
}

/// Checks bytes against `agents/golden/NAME` (LF), adapted to the variant. WORKPLAN_RECORD_GOLDEN=1 records.
func expectAgentGolden(_ bytes: [UInt8], _ name: String, _ variant: TextVariant) throws {
    let url = Fixtures.directory.appendingPathComponent("agents/golden/" + name)
    if variant == .lf, ProcessInfo.processInfo.environment["WORKPLAN_RECORD_GOLDEN"] == "1" {
        try Data(bytes).write(to: url)
    }
    let golden = String(decoding: try Data(contentsOf: url), as: UTF8.self)
    #expect(bytes == variant.apply(golden), "\(name) (\(variant.rawValue)) differs from its golden file")
}

@Suite struct TaskAdderTests {
    static let cases: [(name: String, workplan: String, task: NewTask, force: Bool)] = {
        var walls = NewTask(title: "Hang the pictures")
        walls.dependsOn = ["TEST-WP-0020-T02", "TEST-WP-0020-T05"]
        walls.description = "Ask first.\nThen hang them."
        var setup = NewTask(title: "Fetch the keys", phase: "phase 1 — SETUP")
        setup.priority = "critical"
        var review = NewTask(title: "One more survey")
        review.status = "done"
        return [
            ("add-last-phase.md", "TEST-WP-0020", walls, false),
            ("add-named-phase.md", "TEST-WP-0020", setup, false),
            ("add-new-phase.md", "TEST-WP-0020", NewTask(title: "Write it up", phase: "Phase 3 — Docs"), false),
            ("add-before-review.md", "TEST-WP-0021", review, true),
        ]
    }()

    @Test(arguments: cases.indices, TextVariant.allCases)
    func addsAHeadingAndABlockAndNothingElse(_ index: Int, _ variant: TextVariant) throws {
        let example = Self.cases[index]
        let files = try agentFixtures(variant)
        let set = workplanSet(files)
        let (change, taskID) = try TaskAdder.plan(
            example.task, to: example.workplan, force: example.force, today: "2026-03-01", in: set)
        try expectAgentGolden(change.updated, example.name, variant)
        // The result lints clean with the other files, and holds the new task as given.
        let result = files.map { name, bytes in (name, name == example.workplan + ".md" ? change.updated : bytes) }
        let diagnostics = lint(
            result.map { ("workplans/" + $0.0, $0.1) }, reportOn: ["workplans/\(example.workplan).md"])
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics.map(\.message))")
        let added = WorkplanParser.parse(bytes: change.updated, path: "x.md").task(taskID)
        #expect(added?.title == example.task.title)
        #expect(added?.priority?.rawValue == example.task.priority)
    }

    @Test func theNextIDKeepsTheWorkplansWidth() throws {
        let set = workplanSet(try agentFixtures())
        #expect(
            try TaskAdder.plan(NewTask(title: "A"), to: "TEST-WP-0020", today: "2026-03-01", in: set).taskID
                == "TEST-WP-0020-T06")
        #expect(
            try TaskAdder.plan(NewTask(title: "A"), to: "TEST-WP-0022", today: "2026-03-01", in: set).taskID
                == "TEST-WP-0022-T002")
    }

    @Test func refusals() throws {
        let set = workplanSet(try agentFixtures())
        #expect(throws: EditRefusal.addingToClosedWorkplan("TEST-WP-0021", status: "completed")) {
            try TaskAdder.plan(NewTask(title: "Late"), to: "TEST-WP-0021", today: "2026-03-01", in: set)
        }
        #expect(throws: EditRefusal.unknownWorkplan("TEST-WP-0099")) {
            try TaskAdder.plan(NewTask(title: "A"), to: "TEST-WP-0099", today: "2026-03-01", in: set)
        }
        var unknown = NewTask(title: "A")
        unknown.dependsOn = ["TEST-WP-0020-T42"]
        #expect(throws: EditRefusal.unknownTask("TEST-WP-0020-T42")) {
            try TaskAdder.plan(unknown, to: "TEST-WP-0020", today: "2026-03-01", in: set)
        }
        #expect(throws: EditRefusal.taskHeadingRequired) {
            try TaskAdder.plan(NewTask(title: "two\nlines"), to: "TEST-WP-0020", today: "2026-03-01", in: set)
        }
        // A description that would start a new section changes other tasks' phases: refused.
        var breaking = NewTask(title: "A", phase: "Phase 1 — Setup")
        breaking.description = "## Surprise"
        #expect(throws: EditRefusal.self) {
            try TaskAdder.plan(breaking, to: "TEST-WP-0020", today: "2026-03-01", in: set)
        }
    }

    @Test func compareAndSetRefusesWhatTheCallerDidNotSee() throws {
        let files = try agentFixtures()
        let set = workplanSet(files)
        let hash = SHA256.hex(files[0].1)
        let seen = WriteExpectation(status: "active", hash: hash.uppercased())
        #expect(throws: Never.self) {
            try TaskAdder.plan(NewTask(title: "A"), to: "TEST-WP-0020", expecting: seen, today: "2026-03-01", in: set)
        }
        for stale in [WriteExpectation(status: "draft"), WriteExpectation(hash: String(repeating: "0", count: 64))] {
            let adding = #expect(throws: EditRefusal.self) {
                try TaskAdder.plan(
                    NewTask(title: "A"), to: "TEST-WP-0020", expecting: stale, today: "2026-03-01", in: set)
            }
            #expect(adding?.isConflict == true)
            let setting = #expect(throws: EditRefusal.self) {
                try TaskEditor.setStatus("TEST-WP-0020-T02", to: "done", expecting: stale, today: "2026-03-01", in: set)
            }
            #expect(setting?.isConflict == true)
        }
        let task = WriteExpectation(status: "todo", hash: hash)
        let change = try TaskEditor.setStatus(
            "TEST-WP-0020-T02", to: "done", expecting: task, today: "2026-03-01", in: set)
        #expect(
            WriteResult(change, workplan: "TEST-WP-0020", task: "TEST-WP-0020-T02").sha256 == SHA256.hex(change.updated)
        )
        #expect(throws: EditRefusal.stale("TEST-WP-0020-T02 is todo, not done as expected")) {
            try TaskEditor.setPriority(
                "TEST-WP-0020-T02", to: "high", expecting: WriteExpectation(status: "done"), today: "2026-03-01",
                in: set)
        }
    }
}

@Suite struct ReadyTasksTests {
    @Test func openTasksWhoseDependenciesAreFinishedByPriority() throws {
        let set = workplanSet(try agentFixtures())
        // T03 waits on T04 (in progress); TEST-WP-0022 waits on TEST-WP-0020 (active).
        #expect(ReadyTasks.find(in: set).map(\.id) == ["TEST-WP-0020-T05", "TEST-WP-0020-T02"])
        #expect(ReadyTasks.find(in: set, domain: "other").isEmpty)
        #expect(ReadyTasks.find(in: set, workplan: "TEST-WP-0021").isEmpty)
        let first = try #require(ReadyTasks.find(in: set).first)
        #expect(
            first.path == "workplans/TEST-WP-0020.md" && first.priority == "high" && first.phase == "Phase 2 — Build")
    }

    @Test func finishingADependencyMakesItsDependentsReady() throws {
        var files = try agentFixtures()
        let set = workplanSet(files)
        let done = try TaskEditor.setStatus("TEST-WP-0020-T04", to: "done", today: "2026-03-01", in: set)
        files[0].1 = done.updated
        #expect(
            ReadyTasks.find(in: workplanSet(files)).map(\.id) == [
                "TEST-WP-0020-T03", "TEST-WP-0020-T05", "TEST-WP-0020-T02",
            ])
        // An unknown dependency counts as unfinished.
        files[2].1 = Array(
            String(decoding: files[2].1, as: UTF8.self).replacingOccurrences(
                of: "`TEST-WP-0020`", with: "`TEST-WP-0098`"
            ).utf8)
        #expect(!ReadyTasks.find(in: workplanSet(files)).contains { $0.workplan == "TEST-WP-0022" })
    }
}

@Suite struct SHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Every length across the padding boundaries, against coreutils' sha256sum.
    @Test func agreesWithSha256sum() throws {
        let directory = try TemporaryDirectory()
        for length in [1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let path = try directory.write("bytes-\(length)", bytes: bytes)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["sha256sum", path]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(text.hasPrefix(SHA256.hex(bytes) + " "), "length \(length)")
        }
    }
}
