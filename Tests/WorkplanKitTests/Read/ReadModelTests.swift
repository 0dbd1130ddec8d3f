import Foundation
import StoreConformance
import Testing

@testable import WorkplanKit

/// The read model behind `workplan serve`: readiness across repositories, which repository an id
/// means, paging, and the history in words.
@Suite struct ReadModelTests {
    typealias Row = ForeignRows.Row

    static func workstream(_ repository: String, _ id: String, status: String = "active") -> Row<WorkstreamRecord> {
        var record = StoreConformance.workstream(id, path: "workplans/\(id).md")
        record.status = status
        return Row(repository: repository, record: record)
    }

    static func task(
        _ repository: String, _ id: String, of workstream: String, status: String = "todo"
    ) -> Row<
        TaskRecord
    > {
        Row(repository: repository, record: StoreConformance.task(id, of: workstream, status: status))
    }

    static func dependency(
        _ repository: String, _ from: String, _ to: String, _ kind: DependencyKind
    ) -> Row<
        DependencyRecord
    > {
        Row(repository: repository, record: DependencyRecord(from: from, to: to, kind: kind))
    }

    /// a's A-WP-0001 waits on b's B-WP-0001-T01 (done) and on its own X-WP-0001, which b also has
    /// (completed there, active in a): an id means its own repository's row first. b's
    /// B-WP-0001 (active) blocks a's Y-WP-0001.
    static let rows = ReadRows(
        repositories: [RepositorySummary(repository: "a"), RepositorySummary(repository: "b")],
        workstreams: [
            workstream("a", "A-WP-0001"), workstream("a", "X-WP-0001"), workstream("a", "Y-WP-0001"),
            workstream("b", "B-WP-0001"),
            workstream("b", "X-WP-0001", status: "completed"), workstream("b", "B-WP-0002", status: "draft"),
        ],
        tasks: [
            task("a", "A-WP-0001-T01", of: "A-WP-0001"), task("a", "A-WP-0001-T02", of: "A-WP-0001"),
            task("a", "X-WP-0001-T01", of: "X-WP-0001"), task("a", "Y-WP-0001-T01", of: "Y-WP-0001"),
            task("b", "B-WP-0001-T01", of: "B-WP-0001", status: "done"),
            task("b", "B-WP-0001-T02", of: "B-WP-0001"), task("b", "B-WP-0002-T01", of: "B-WP-0002"),
        ],
        dependencies: [
            dependency("a", "A-WP-0001-T01", "B-WP-0001-T01", .taskDependsOn),
            dependency("a", "A-WP-0001-T02", "X-WP-0001", .taskDependsOn),
            // Written by b (the blocking one's repository), from the blocked one.
            dependency("b", "Y-WP-0001", "B-WP-0001", .blocks),
        ])

    @Test func readyFollowsDependenciesAcrossRepositoriesAndOwnRowsFirst() {
        let model = ReadModel(Self.rows, token: "1")
        let ready = model.tasks(TaskFilter(ready: true), offset: 0, limit: 100).items.map {
            "\($0.repository):\($0.id)"
        }
        // A-T02 waits on a's own X-WP-0001 (active), not b's completed one; Y-WP-0001 waits on b's
        // B-WP-0001 (active); B-WP-0002 is a draft.
        #expect(ready == ["a:A-WP-0001-T01", "a:X-WP-0001-T01", "b:B-WP-0001-T02"])
        let detail = model.workstream("Y-WP-0001", repository: "a")
        #expect(detail?.waitsOn.map { "\($0.repository ?? "-"):\($0.id):\($0.finished)" } == ["b:B-WP-0001:false"])
        #expect(model.workstream("X-WP-0001", repository: "b")?.closure?.done == [])
        #expect(model.task("B-WP-0001-T01")?.waitedOnBy.map(\.id) == ["A-WP-0001-T01"])
    }

    @Test func pagesAreContiguousAndTheCursorIsDigits() {
        let model = ReadModel(Self.rows, token: "1")
        let first = model.tasks(TaskFilter(), offset: 0, limit: 4)
        #expect(first.total == 7 && first.items.count == 4 && first.next == "4")
        let rest = model.tasks(TaskFilter(), offset: ReadCursor.decode(first.next ?? "") ?? -1, limit: 4)
        #expect(rest.items.count == 3 && rest.next == nil)
        #expect(Set((first.items + rest.items).map(\.id)).count == 7)
        #expect(
            ReadCursor.decode("") == nil && ReadCursor.decode("4x") == nil && ReadCursor.decode("1234567890123") == nil)
        #expect(model.tasks(TaskFilter(), offset: 99, limit: .max).items.isEmpty)
    }

    @Test func historyIsInWords() {
        func words(_ kind: EventKind, _ detail: String) -> String {
            ReadValues.Event(
                FeedEvent(
                    repository: "a", event: EventRecord(at: "t", kind: kind, subject: "X", detail: detail), run: nil)
            ).summary
        }
        #expect(words(.row(.task, .inserted), "{}") == "added")
        let change = EventDetail(old: [("status", "todo"), ("line", "3")], new: [("status", "done"), ("line", "4")])
        #expect(words(.row(.task, .updated), change.json) == "status todo → done")
        let moved = EventDetail(old: [("line", "3")], new: [("line", "4")])
        #expect(words(.row(.task, .updated), moved.json) == "moved within its file")
        #expect(words(.closure, #"{"outcome":"2 of 2 tasks completed"}"#) == "closed: 2 of 2 tasks completed")
    }

    @Test func progressStartsFromTheWorkplansDates() {
        var old = Self.workstream("a", "A-WP-0001", status: "completed")
        old.record.created = "2026-10-05"
        old.record.completed = "2026-11-16"
        var new = Self.workstream("a", "A-WP-0002")
        new.record.created = "2026-11-26"
        let rows = ReadRows(
            workstreams: [old, new],
            tasks: [
                Self.task("a", "A-WP-0001-T01", of: "A-WP-0001", status: "done"),
                Self.task("a", "A-WP-0001-T02", of: "A-WP-0001", status: "cancelled"),
                Self.task("a", "A-WP-0002-T01", of: "A-WP-0002"),
            ])
        let weeks = ReadModel(rows, token: "1").datedProgress([0, 1], now: "2026-12-02T10:00:00Z", weeks: 12).weeks
        // From the week A-WP-0001 was created (Monday 2026-10-05) to this one (2026-11-30).
        #expect(weeks.first == WeeklyProgress.Week(start: "2026-10-05", open: 2, finished: 0))
        #expect(
            weeks.first { $0.start == "2026-11-16" } == WeeklyProgress.Week(start: "2026-11-16", open: 0, finished: 2))
        #expect(weeks.last == WeeklyProgress.Week(start: "2026-11-30", open: 1, finished: 2))
        #expect(weeks.count == 9)
    }
}
