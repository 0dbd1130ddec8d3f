import Foundation
import GRDB
import Testing

@testable import WorkplanKit

@Suite struct StaleCleanupTests {
    @Test func cancelsExactlyTheDatabaseOnlyOpenTasksOfClosedWorkstreams() async throws {
        let fixture = try SyncFixture()
        try fixture.write("TEST-WP-0001.md", Sample.completed)
        try fixture.write("TEST-WP-0002.md", plan("TEST-WP-0002", tasks: [("01", "todo")]))
        try await fixture.sync()
        try fixture.execute(
            """
            INSERT INTO tasks (id, workstream_id, status, source) VALUES
                ('TEST-WP-0001-T50', 'TEST-WP-0001', 'todo', 'api'),
                ('TEST-WP-0001-T51', 'TEST-WP-0001', 'in_progress', 'api'),
                ('TEST-WP-0001-T52', 'TEST-WP-0001', 'done', 'api'),
                ('TEST-WP-0002-T50', 'TEST-WP-0002', 'todo', 'api');
            """)
        let dryRun = try await StaleCleanup.run(fixture.store, dryRun: true, now: "2026-11-30T06:00:00Z", origin: .test)
        #expect(dryRun.cancelled == ["TEST-WP-0001-T50", "TEST-WP-0001-T51"])
        #expect(try fixture.tasks()["TEST-WP-0001-T50"]?.status == "todo")
        #expect(try fixture.events("cleanup").isEmpty)

        let report = try await StaleCleanup.run(
            fixture.store, dryRun: false, now: "2026-11-30T06:00:00Z", origin: .test)
        #expect(report.cancelled == ["TEST-WP-0001-T50", "TEST-WP-0001-T51"])
        let tasks = try fixture.tasks()
        #expect(tasks["TEST-WP-0001-T50"]?.status == "cancelled")
        #expect(tasks["TEST-WP-0001-T51"]?.status == "cancelled")
        #expect(tasks["TEST-WP-0001-T52"]?.status == "done")
        #expect(tasks["TEST-WP-0002-T50"]?.status == "todo")
        #expect(tasks["TEST-WP-0001-T01"]?.status == "done")
        let events = try fixture.events("cleanup")
        #expect(events.map(\.detail) == ["{\"count\":2,\"tasks\":[\"TEST-WP-0001-T50\",\"TEST-WP-0001-T51\"]}"])
        // Sync leaves rows that no file listed alone.
        #expect(!(try await fixture.sync { $0.full = true }).hasChanges)
        #expect(try fixture.tasks()["TEST-WP-0002-T50"]?.removedAt == nil)
        let again = try await StaleCleanup.run(fixture.store, dryRun: false, now: "2026-12-01T06:00:00Z", origin: .test)
        #expect(again.cancelled.isEmpty)
        #expect(try fixture.events("cleanup").count == 2)
    }

    @Test func aMissingStoreIsAnError() async throws {
        await #expect(throws: StoreError.self) {
            try await StaleCleanup.run(
                StoreAccess(file: "/nonexistent/state.sqlite"), dryRun: false, now: "x", origin: .test)
        }
    }
}

@Suite struct StatusTests {
    @Test func summarisesProgressAndOpenTasksAndNoticesStaleFiles() async throws {
        let fixture = try SyncFixture()
        try fixture.write(
            "TEST-WP-0001.md",
            plan(tasks: [("01", "done"), ("02", "todo"), ("03", "cancelled")])
                .replacingOccurrences(of: "status: todo\n```", with: "status: todo\npriority: high\n```"))
        try await fixture.sync()
        let report = try await fixture.workspace.status(domain: nil)
        #expect(report.workstreams.map(\.id) == ["TEST-WP-0001"])
        #expect(report.workstreams.first.map { [$0.tasks, $0.done, $0.cancelled, $0.open] } == [3, 1, 1, 1])
        #expect(report.openTasks.map(\.id) == ["TEST-WP-0001-T02"])
        #expect(report.openTasks.first?.priority == "high")
        #expect(report.staleFiles.isEmpty)
        #expect(report.text(bars: true).contains("[#############-------] 2/3 finished, 1 open"))
        #expect(
            try await fixture.workspace.status(domain: "other").workstreams.isEmpty
        )

        try fixture.write("TEST-WP-0001.md", plan(tasks: [("01", "done")]))
        let stale = try await fixture.workspace.status(domain: nil)
        #expect(stale.staleFiles == ["workplans/TEST-WP-0001.md"])
        #expect(stale.text(bars: false).contains("warning: the store is older than 1 workplan file"))
    }
}

@Suite struct EventDetailTests {
    @Test(arguments: [
        "plain", "quote \" backslash \\ slash /", "lines\nand\ttabs\r", "control \u{01}\u{1F} bell \u{07} \u{08}\u{0C}",
        "ünïcode 🚀", "",
    ])
    func eventJSONMatchesJSONEncoder(_ text: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = String(decoding: try encoder.encode(["a": text, "b": nil] as [String: String?]), as: UTF8.self)
        #expect(JSONText.object([("a", text), ("b", nil)]) == expected)
        let decoded = try JSONDecoder().decode([String: String?].self, from: Data(JSONText.object([("a", text)]).utf8))
        #expect(decoded["a"] == text)
    }

    @Test func aDetailIsWhatJSONEncoderWritesAndReadsBack() throws {
        let detail = EventDetail(
            old: [("priority", "low"), ("status", "todo"), ("title", "Same"), ("uuid", nil)],
            new: [("priority", nil), ("status", "done"), ("title", "Same"), ("uuid", "u \"1\"")])
        #expect(detail.change(of: "status")! == ("todo", "done"))
        #expect(detail.change(of: "title") == nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(detail.json == String(decoding: try encoder.encode(detail), as: UTF8.self))
        #expect(
            detail.json
                == #"{"new":{"priority":null,"status":"done","uuid":"u \"1\""},"old":{"priority":"low","status":"todo","uuid":null}}"#
        )
        let read = try #require(EventDetail(json: detail.json))
        #expect(read == detail)
        #expect(read.change(of: "priority")! == ("low", nil))
        #expect(EventDetail(json: "{}") == nil && EventDetail(json: "{\"count\":2}") == nil)
    }

    @Test func eventKindsNameTheirSubjectAndChange() {
        #expect(EventKind.row(.task, .restored).rawValue == "task.restored")
        #expect(EventKind(rawValue: "workstream.drift").subject == .workstream)
        #expect(EventKind(rawValue: "workstream.drift").change == .drift)
        #expect(EventKind.closure.subject == nil && EventKind.cleanup.change == nil)
        #expect(EventKind(rawValue: "task.unknown").change == nil)
        #expect(SyncReport.verb(.row(.workstream, .drift)) == "overwrite a database edit of workstream")
        #expect(SyncReport.verb(.closure) == "closure")
    }
}
