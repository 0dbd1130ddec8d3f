import Foundation
import StoreConformance
import Testing

@testable import WorkplanKit

@Suite struct DashboardTests {
    /// A small store: two domains, three workstreams, a dependency, three weeks of events.
    static func data() -> DashboardData {
        var parser = StoreConformance.workstream("T-WP-0001", path: "workplans/T-WP-0001.md", domain: "parsing")
        parser.title = "Parser <& lint>"
        let store = StoreConformance.workstream(
            "T-WP-0002", path: "workplans/T-WP-0002.md", domain: "store", status: "completed")
        let removed = {
            var record = StoreConformance.workstream("T-WP-0003", path: "workplans/T-WP-0003.md")
            record.removedAt = "2026-11-20T00:00:00Z"
            return record
        }()
        var tasks = [
            StoreConformance.task("T-WP-0001-T01", of: "T-WP-0001", status: "done"),
            StoreConformance.task("T-WP-0001-T02", of: "T-WP-0001", status: "todo"),
            StoreConformance.task("T-WP-0002-T01", of: "T-WP-0002", status: "done"),
            StoreConformance.task("T-WP-0002-T02", of: "T-WP-0002", status: "cancelled"),
        ]
        tasks[1].priority = "critical"
        tasks[1].position = 2
        let events = [
            EventRecord(
                id: 1, at: "2026-11-02T09:00:00Z", kind: "task.inserted", subject: "T-WP-0001-T01", detail: "{}"),
            EventRecord(
                id: 2, at: "2026-11-02T09:00:00Z", kind: "task.inserted", subject: "T-WP-0002-T01", detail: "{}"),
            EventRecord(
                id: 3, at: "2026-11-02T09:00:00Z", kind: "task.inserted", subject: "T-WP-0002-T02", detail: "{}"),
            EventRecord(
                id: 4, at: "2026-11-10T09:00:00Z", kind: "task.updated", subject: "T-WP-0001-T01",
                detail: #"{"new":{"status":"done"},"old":{"status":"todo"}}"#, run: 7),
            EventRecord(
                id: 5, at: "2026-11-11T09:00:00Z", kind: "task.inserted", subject: "T-WP-0001-T02", detail: "{}"),
            EventRecord(
                id: 6, at: "2026-11-18T09:00:00Z", kind: "task.drift", subject: "T-WP-0002-T02",
                detail: #"{"new":{"status":"cancelled"},"old":{"status":"done"}}"#),
        ]
        var data = DashboardData(
            workstreams: [store, parser, removed], tasks: tasks,
            dependencies: [DependencyRecord(from: "T-WP-0002", to: "T-WP-0001", kind: "depends_on")], events: events)
        data.changedFiles = ["workplans/T-WP-0001.md"]
        data.runs[7] = RunRecord(
            id: 7, at: "2026-11-10T09:00:00Z", command: .sync, actor: "ana@example.com", host: "ci", tool: "workplan",
            branch: "main", commit: "3f2a9c1d0e", dirty: false)
        data.lastSync = SyncRunRecord(
            at: "2026-11-18T09:00:00Z", workplans: 3, changes: 1, lintErrors: 2, skippedFiles: 0)
        return data
    }

    @Test func weeklyProgressFollowsStatusChanges() {
        let data = Self.data()
        let weeks = WeeklyProgress(tasks: data.tasks, events: data.events).weeks
        // Mondays from the first insert's week to the last event's; T01 is open until it is done.
        #expect(weeks.map(\.start) == ["2026-11-02", "2026-11-09", "2026-11-16"])
        #expect(weeks.map(\.open) == [1, 1, 1])
        #expect(weeks.map(\.finished) == [2, 3, 3])
        // By task: each group's weeks start at its own first insert; the drift moves nothing
        // between open and finished (done to cancelled).
        let byTask = WeeklyProgress.grouped(data.tasks, timelines: .init(data.events)) { $0.id }.groups
        #expect(byTask["T-WP-0001-T02"]?.weeks.map(\.start) == ["2026-11-09", "2026-11-16"])
        #expect(byTask["T-WP-0001-T02"]?.weeks.map(\.open) == [1, 1])
        #expect(byTask["T-WP-0001-T01"]?.weeks.map(\.open) == [1, 0, 0])
        #expect(byTask["T-WP-0002-T02"]?.weeks.map(\.finished) == [1, 1, 1])
    }

    @Test func theSiteMatchesItsGoldenFilesAndIsDeterministic() throws {
        var options = DashboardSite.Options()
        options.title = "Team plans"
        options.baseURL = "https://example.com/repo/blob/main"
        let files = DashboardSite(Self.data(), options: options).files()
        #expect(files.keys.sorted() == ["index.html", "style.css", "w/T-WP-0001.html", "w/T-WP-0002.html"])
        #expect(files == DashboardSite(Self.data(), options: options).files())
        for name in ["index.html", "w/T-WP-0001.html", "w/T-WP-0002.html"] {
            let golden = name.replacingOccurrences(of: "/", with: "-")
            let url = Fixtures.directory.appendingPathComponent("dashboard/" + golden)
            if ProcessInfo.processInfo.environment["WORKPLAN_RECORD_GOLDEN"] == "1" {
                try Data((files[name] ?? "").utf8).write(to: url)
            }
            #expect(
                files[name] == (try String(contentsOf: url, encoding: .utf8)), "\(name) differs from its golden file")
        }
        let index = files["index.html"] ?? ""
        #expect(index.contains("Parser &lt;&amp; lint&gt;"))
        #expect(index.contains("1 workplan files changed since the last sync"))
        #expect(!index.contains("T-WP-0003"))
        #expect(
            files["w/T-WP-0001.html"]?.contains(
                "href=\"https://example.com/repo/blob/main/workplans/T-WP-0001.md#L10\"") == true)
    }
}

@Suite struct DashboardTimeTests {
    @Test func storeTimesParseAsISO8601Does() {
        for text in ["2026-12-02T01:19:04Z", "2024-02-29T23:59:59Z", "1999-01-01T00:00:00Z", "2100-03-01T12:00:00Z"] {
            #expect(WeeklyProgress.parse(text) == ISO8601DateFormatter().date(from: text), "\(text)")
        }
        #expect(WeeklyProgress.parse("yesterday") == nil)
    }
}

@Suite struct DashboardWriteTests {
    /// Writing again restores a page changed by hand, removes a page no workstream has, and
    /// leaves the others as they are.
    @Test func writingAgainGivesExactlyTheSite() async throws {
        let directory = try TemporaryDirectory()
        let site = DashboardSite(DashboardTests.data())
        try await site.write(to: directory.path)
        try directory.write("w/T-WP-0001.html", "edited by hand")
        try directory.write("w/T-WP-0099.html", "a workstream that is gone")
        try await site.write(to: directory.path)
        let pages = try FileManager.default.contentsOfDirectory(atPath: directory.path + "/w").sorted()
        #expect(pages == ["T-WP-0001.html", "T-WP-0002.html"])
        for (path, text) in site.files() {
            #expect(try String(contentsOfFile: directory.path + "/" + path, encoding: .utf8) == text, "\(path)")
        }
    }

    /// On a hub the overview lists every repository per domain; a single repository's file lists none.
    @Test func aHubsOverviewListsItsRepositories() {
        var data = DashboardTests.data()
        #expect(!DashboardSite(data).overview().contains("id=\"repositories\""))
        data.repositories = [
            RepositorySummary(
                repository: "github.com/org/api", lastSyncAt: "2026-11-18T09:00:00Z",
                domains: [.init(domain: "parsing", workstreams: 2, openTasks: 5, doneTasks: 7)]),
            RepositorySummary(
                repository: "github.com/org/<web>",
                domains: [.init(domain: nil, workstreams: 1, openTasks: 0, doneTasks: 3)]),
        ]
        let overview = DashboardSite(data).overview()
        #expect(overview.contains("<h2 id=\"repositories\">Repositories</h2>"))
        #expect(
            overview.contains(
                "<tr><td>github.com/org/api</td><td>parsing</td><td>2</td><td>5</td><td>7</td><td>2026-11-18T09:00:00Z</td></tr>"
            ))
        #expect(
            overview.contains(
                "<tr><td>github.com/org/&lt;web&gt;</td><td>(no domain)</td><td>1</td><td>0</td><td>3</td><td>never</td></tr>"
            ))
    }

    /// Built in batches of one page (what writing overlaps), the site is the same.
    @Test func batchesMakeTheSameSite() {
        let site = DashboardSite(DashboardTests.data())
        var batches: [[(String, String)]] = []
        site.render(batchSize: 1) { batches.append($0) }
        #expect(batches.count == 3)
        #expect(
            batches.map { $0.map(\.0) } == [["style.css", "index.html"], ["w/T-WP-0001.html"], ["w/T-WP-0002.html"]])
        let files = Dictionary(batches.joined().map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
        #expect(files == site.files())
    }
}

/// The charts agree with `status` after removals and restores.
@Suite struct DashboardProgressTests {
    @Test func aRestoredTaskCountsAsOpenAgain() async throws {
        let fixture = try SyncFixture()
        for number in 1...5 {
            let id = String(format: "TEST-WP-%04d", number)
            try fixture.write(id + ".md", plan(id, tasks: [("01", "todo"), ("02", "done"), ("03", "in_progress")]))
        }
        try await fixture.sync()
        // A file moved out cancels its open tasks in the store; moved back, they are restored.
        let moved = try fixture.bytes("TEST-WP-0003.md")
        try fixture.remove("TEST-WP-0003.md")
        try await fixture.sync()
        try fixture.directory.write("workplans/TEST-WP-0003.md", bytes: moved)
        let restored = try await fixture.sync()
        #expect(restored.restoredTasks == 3)
        let status = try await fixture.workspace.status(domain: nil)
        #expect(status.openTasks.count == 10)
        let data = try await fixture.workspace.dashboardData()
        let last = try #require(WeeklyProgress(tasks: data.tasks, events: data.events).weeks.last)
        #expect(last.open == status.openTasks.count)
        #expect(last.finished == 5)
    }
}
