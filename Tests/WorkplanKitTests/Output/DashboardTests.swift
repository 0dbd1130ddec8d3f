import Foundation
import StoreConformance
import Testing

@testable import WorkplanKit

/// `workplan dashboard`: the served pages written as a static site.
@Suite struct DashboardTests {
    typealias Row = ForeignRows.Row

    /// Two repositories, two domains, three workstreams (one removed from the files is not in
    /// the rows), a cross-repository dependency, three weeks of events.
    static func site(baseURL: String? = "https://example.com/repo/blob/main") -> StaticSite {
        var parser = StoreConformance.workstream("T-WP-0001", path: "workplans/T-WP-0001.md", domain: "parsing")
        parser.title = "Parser <& lint>"
        parser.created = "2026-11-02"
        var store = StoreConformance.workstream(
            "T-WP-0002", path: "workplans/T-WP-0002.md", domain: "store", status: "completed")
        store.created = "2026-11-02"
        store.completed = "2026-11-18"
        var tasks = [
            StoreConformance.task("T-WP-0001-T01", of: "T-WP-0001", status: "done"),
            StoreConformance.task("T-WP-0001-T02", of: "T-WP-0001", status: "todo"),
            StoreConformance.task("T-WP-0002-T01", of: "T-WP-0002", status: "done"),
            StoreConformance.task("T-WP-0002-T02", of: "T-WP-0002", status: "cancelled"),
        ]
        tasks[1].priority = "critical"
        tasks[1].position = 2
        let rows = ReadRows(
            repositories: [
                RepositorySummary(repository: "api", lastSyncAt: "2026-11-18T09:00:00Z"),
                RepositorySummary(repository: "org/web"),
            ],
            workstreams: [Row(repository: "api", record: parser), Row(repository: "org/web", record: store)],
            tasks: tasks.map { Row(repository: $0.workstreamID == "T-WP-0001" ? "api" : "org/web", record: $0) },
            dependencies: [
                Row(
                    repository: "api",
                    record: DependencyRecord(from: "T-WP-0001-T02", to: "T-WP-0002-T01", kind: .taskDependsOn))
            ])
        let run = RunRecord(
            id: 7, at: "2026-11-10T09:00:00Z", command: .sync, actor: "ana@example.com", host: "ci", tool: "workplan",
            branch: "main", commit: "3f2a9c1d0e", dirty: false)
        let events = [
            (
                6, "2026-11-18T09:00:00Z", "task.drift", "T-WP-0002-T02",
                #"{"new":{"status":"cancelled"},"old":{"status":"done"}}"#
            ),
            (
                4, "2026-11-15T09:00:00Z", "task.updated", "T-WP-0001-T01",
                #"{"new":{"status":"done"},"old":{"status":"todo"}}"#
            ),
            (1, "2026-11-02T09:00:00Z", "task.inserted", "T-WP-0001-T01", "{}"),
        ].map { id, at, kind, subject, detail in
            FeedEvent(
                repository: subject.hasPrefix("T-WP-0001") ? "api" : "org/web",
                event: EventRecord(
                    id: Int64(id), at: at, kind: EventKind(rawValue: kind), subject: subject, detail: detail, run: 7),
                run: run)
        }
        let health = SiteHealth(
            changedFiles: ["workplans/T-WP-0001.md"],
            lastSync: SyncRunRecord(
                at: "2026-11-18T09:00:00Z", workplans: 2, changes: 1, lintErrors: 2, skippedFiles: 0),
            events: events, now: "2026-11-18T09:00:00Z")
        var options = StaticSite.Options()
        options.title = "Team plans"
        options.baseURL = baseURL
        return StaticSite(ReadModel(rows, token: ""), events: events, health: health, local: "api", options: options)
    }

    @Test func theSiteMatchesItsGoldenFilesAndIsDeterministic() throws {
        let files = Self.site().files()
        #expect(
            files.keys.sorted() == [
                "domain/parsing.html", "domain/store.html", "index.html", "repository/api.html",
                "repository/org_2Fweb.html", "status/active.html", "status/archived.html", "status/blocked.html",
                "status/completed.html", "status/draft.html", "style.css", "w/api/T-WP-0001.html",
                "w/org_2Fweb/T-WP-0002.html",
            ])
        #expect(files == Self.site().files())
        for name in ["index.html", "domain/parsing.html", "w/api/T-WP-0001.html"] {
            let url = Fixtures.directory.appendingPathComponent(
                "dashboard/" + name.replacingOccurrences(of: "/", with: "-"))
            if ProcessInfo.processInfo.environment["WORKPLAN_RECORD_GOLDEN"] == "1" {
                try Data((files[name] ?? "").utf8).write(to: url)
            }
            #expect(
                files[name] == (try String(contentsOf: url, encoding: .utf8)), "\(name) differs from its golden file")
        }
        let index = files["index.html"] ?? ""
        #expect(index.contains("Parser &lt;&amp; lint&gt;"))
        #expect(index.contains("1 workplan files changed since the last sync"))
        #expect(index.contains("1 drift corrections and 0 removals in the last 30 days"))
        // Only the repository the site is written from links its lines.
        #expect(
            files["w/api/T-WP-0001.html"]?.contains(
                "href=\"https://example.com/repo/blob/main/workplans/T-WP-0001.md#L10\"") == true)
        #expect(files["w/org_2Fweb/T-WP-0002.html"]?.contains("https://example.com") == false)
    }

    /// Every relative link of every page names a file of the site, and its fragment an element there.
    @Test func everyLinkResolvesWithinTheSite() {
        let files = Self.site().files()
        var checked = 0
        for (path, html) in files {
            for href in Self.links(html) where !href.hasPrefix("https:") && !href.hasPrefix("data:") {
                if href.hasSuffix(".css") { #expect(files[Self.resolve(href, from: path)] == LivePages.style) }
                let parts = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let target = parts[0].isEmpty ? path : Self.resolve(parts[0], from: path)
                #expect(files[target] != nil, "\(path): \(href) names no page")
                if parts.count > 1 {
                    #expect(files[target]?.contains("id=\"\(parts[1])\"") == true, "\(path): \(href) names no element")
                }
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    /// A filter's page lists, in every table, only the rows of its domain, repository or status.
    @Test func aFilterPageHoldsOnlyItsRows() {
        let files = Self.site().files()
        let parsing = files["domain/parsing.html"] ?? ""
        #expect(parsing.contains("data-id=\"T-WP-0001\""))
        #expect(!parsing.contains("data-id=\"T-WP-0002"))
        #expect(parsing.contains("<a href=\"../domain/parsing.html\" aria-current=\"page\">parsing</a>"))
        let completed = files["status/completed.html"] ?? ""
        #expect(completed.contains("data-id=\"T-WP-0002\""))
        #expect(!completed.contains("data-id=\"T-WP-0001"))
        let web = files["repository/org_2Fweb.html"] ?? ""
        #expect(!web.contains("data-repository=\"api\""))
        #expect(web.contains("<tr data-repository=\"org/web\">"))
    }

    /// A relative link's target, from the page at `page` (both relative to the site's root).
    static func resolve(_ href: String, from page: String) -> String {
        var parts = page.split(separator: "/").dropLast().map(String.init)
        for part in href.split(separator: "/").map(String.init) {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }

    static func links(_ html: String) -> [String] {
        html.split(separator: "href=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
    }

    @Test func namesBecomeDistinctSafeFileNames() {
        #expect(siteName("CUST-WP-0005") == "CUST-WP-0005")
        #expect(siteName("github.com/org/repo") == "github.com_2Forg_2Frepo")
        #expect(siteName("..") == "_2E.")
        #expect(siteName("a_b") != siteName("a/b"))
        #expect(siteName("é") == "_C3_A9")
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
    /// Writing again restores a page changed by hand, removes the pages no workstream or filter
    /// has (an earlier layout's too), leaves other files alone, and writes the same bytes.
    @Test func writingAgainGivesExactlyTheSite() async throws {
        let directory = try TemporaryDirectory()
        let site = DashboardTests.site()
        try await site.write(to: directory.path)
        try directory.write("w/api/T-WP-0001.html", "edited by hand")
        try directory.write("w/T-WP-0099.html", "a page of an earlier layout")
        try directory.write("domain/gone.html", "a domain no workstream names")
        try directory.write("index-7.html", "a page of open tasks there is no more")
        try directory.write("notes.txt", "not the site's")
        try await site.write(to: directory.path)
        var written: [String] = []
        let walk = FileManager.default.enumerator(atPath: directory.path)
        while let path = walk?.nextObject() as? String {
            var folder: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory.path + "/" + path, isDirectory: &folder),
                !folder.boolValue
            {
                written.append(path)
            }
        }
        let files = site.files()
        #expect(written.sorted() == (files.keys + ["notes.txt"]).sorted())
        for (path, text) in files {
            #expect(try String(contentsOfFile: directory.path + "/" + path, encoding: .utf8) == text, "\(path)")
        }
    }

    /// Built in batches of one page (what writing overlaps), the site is the same.
    @Test func batchesMakeTheSameSite() {
        let site = DashboardTests.site()
        let batches = site.batches(of: 1)
        #expect(batches.count == 13)
        let files = Dictionary(batches.flatMap(site.render), uniquingKeysWith: { first, _ in first })
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
        let site = try await fixture.workspace.staticSite(StaticSite.Options())
        let model = site.pages.model
        let last = try #require(model.datedProgress(Array(model.rows.workstreams.indices), now: site.now).weeks.last)
        #expect(last.open == status.openTasks.count)
        #expect(last.finished == 5)
        #expect(site.files()["index.html"]?.contains("<dt>open tasks</dt><dd>10</dd>") == true)
    }
}
