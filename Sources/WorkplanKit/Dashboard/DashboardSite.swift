import Foundation

/// The static site of `workplan dashboard`: plain HTML and one stylesheet, a few lines of inline
/// JavaScript for the overview's filter, SVG charts drawn here. Pure: the same data gives the
/// same bytes.
public struct DashboardSite: Sendable {
    public struct Options: Sendable {
        public var title = "Workplans"
        /// Prefix of links to a task's line (`BASE/path#Lnn`); links are relative to the site when nil.
        public var baseURL: String?

        public init() {}
    }

    let data: DashboardData
    let options: Options

    public init(_ data: DashboardData, options: Options = Options()) {
        self.data = data
        self.options = options
    }

    /// Every file of the site, by path relative to its folder.
    public func files() -> [String: String] {
        var files: [String: String] = [:]
        render { batch in for (path, text) in batch { files[path] = text } }
        return files
    }

    /// Renders the site in batches of files (path and text), each handed to `take` as soon as
    /// it is built, so that writing one batch overlaps building the next.
    func render(batchSize: Int = 1000, _ take: ([(String, String)]) -> Void) {
        let renderer = PageRenderer(self)
        for batch in renderer.batches(of: batchSize) { take(renderer.render(batch)) }
    }

    /// Builds the site's files a batch at a time: what pages need of the whole store, indexed once.
    struct PageRenderer: Sendable {
        let site: DashboardSite
        let eventsBySubject: [String: [EventRecord]]
        let index: SiteIndex

        init(_ site: DashboardSite) {
            self.site = site
            eventsBySubject = Dictionary(grouping: site.data.events, by: \.subject)
            index = SiteIndex(site.data)
        }

        /// The batches of positions: -1 stands for the overview (and the style), in the first.
        func batches(of size: Int) -> [Range<Int>] {
            stride(from: -1, to: site.data.workstreams.count, by: size).map {
                $0..<min($0 + size, site.data.workstreams.count)
            }
        }

        /// One batch's files, built on all cores.
        func render(_ positions: Range<Int>) -> [(String, String)] {
            let data = site.data
            let batch = concurrentPerformMap(Array(positions)) { position -> (String, String) in
                guard position >= 0 else { return ("index.html", site.overview()) }
                let workstream = data.workstreams[position]
                let tasks = data.tasks(of: workstream.id)
                let events =
                    eventsBySubject[workstream.id, default: []] + tasks.flatMap { eventsBySubject[$0.id] ?? [] }
                let page = WorkstreamPage(
                    workstream: workstream, tasks: tasks, site: site, events: events, index: index)
                return ("w/\(DashboardSite.fileName(workstream.id))", page.html())
            }
            return positions.lowerBound < 0 ? [("style.css", DashboardSite.style)] + batch : batch
        }
    }

    /// The page name of a workstream id: the id itself when it is safe in a URL and a file name.
    static func fileName(_ id: String) -> String {
        let safe = id.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == 0x2D || byte == 0x5F || byte == 0x2E
        }
        return safe ? id + ".html" : escapedFileName(id)
    }

    private static func escapedFileName(_ id: String) -> String {
        id.unicodeScalars.map {
            CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0) ? String($0) : "_"
        }
        .joined() + ".html"
    }

    // MARK: - Overview

    func overview() -> String {
        let domains = Array(Set(data.workstreams.map { $0.domain ?? "" })).sorted()
        let statuses = Array(Set(data.workstreams.map(\.status))).sorted()
        var body = "<h1>\(escape(options.title))</h1>\n"
        body +=
            "<p>As of \(escape(data.asOf ?? "the last sync")): \(data.workstreams.count) workstreams, \(data.tasks.count) tasks.</p>\n"
        body += "<h2 id=\"progress\">Progress over time</h2>\n" + charts(domains)
        body += health() + repositories()
        body += "<h2 id=\"workstreams\">Workstreams</h2>\n<form class=\"filter\" aria-label=\"Filter workstreams\">"
        body += select("domain", "Domain", domains) + select("status", "Status", statuses) + "</form>\n"
        // Compact rows, grouped by domain (one `tbody` each), so 10,000 workstreams stay under 2 MB.
        body +=
            "<table id=\"workstream-table\"><thead><tr><th scope=\"col\">Workstream</th><th scope=\"col\">Status</th>"
        body += "<th scope=\"col\">Tasks</th></tr></thead>\n"
        let grouped = Dictionary(grouping: data.workstreams) { $0.domain ?? "" }
        for domain in domains {
            body += "<tbody data-d=\"\(escape(domain))\"><tr><th colspan=\"3\" scope=\"rowgroup\">"
            body += "\(escape(domain.isEmpty ? "(no domain)" : domain))</th></tr>\n"
            for workstream in grouped[domain] ?? [] {
                body += "<tr data-s=\"\(escape(workstream.status))\"><td><a href=\"w/\(Self.fileName(workstream.id))\">"
                body +=
                    "\(escape(workstream.id))</a> \(escape(workstream.title))</td><td>\(escape(workstream.status))</td>"
                body += "<td>\(progressBar(data.tasks(of: workstream.id), compact: true))</td></tr>\n"
            }
            body += "</tbody>\n"
        }
        body += "</table>\n<p id=\"shown\" role=\"status\"></p>\n" + openTasks()
        return page(options.title, body: body, css: "style.css", script: Self.filterScript)
    }

    func select(_ name: String, _ label: String, _ values: [String]) -> String {
        let options = values.map { "<option value=\"\(escape($0))\">\(escape($0.isEmpty ? "(none)" : $0))</option>" }
        return "<label>\(label) <select name=\"\(name)\" id=\"filter-\(name)\"><option value=\"\">All</option>"
            + options.joined() + "</select></label> "
    }

    /// The open tasks by priority: counts, and the first 100.
    func openTasks() -> String {
        // Indices, not copies of the records.
        let open = data.tasks.indices.filter { TaskStatus.isOpen(data.tasks[$0].status) }
        let rank = ["critical": 0, "high": 1, "medium": 2, "low": 3]
        let keys = open.map { (rank[data.tasks[$0].priority ?? ""] ?? 4, data.tasks[$0].id) }
        let sorted = open.indices.sorted { keys[$0] < keys[$1] }.prefix(100).map { data.tasks[open[$0]] }
        var byPriority: [String: Int] = [:]
        for index in open { byPriority[data.tasks[index].priority ?? "none", default: 0] += 1 }
        var html = "<h2 id=\"open-tasks\">Open tasks by priority</h2>\n<p>"
        html +=
            ["critical", "high", "medium", "low", "none"].compactMap { priority in
                byPriority[priority].map { "\(priority): \($0)" }
            }.joined(separator: " · ") + (open.isEmpty ? "none" : "") + "</p>\n"
        guard !sorted.isEmpty else { return html }
        html +=
            "<table><thead><tr><th scope=\"col\">Priority</th><th scope=\"col\">Task</th><th scope=\"col\">Status</th>"
        html += "<th scope=\"col\">Workstream</th></tr></thead><tbody>\n"
        for task in sorted {
            let workstream = task.workstreamID ?? ""
            html += "<tr><td>\(escape(task.priority ?? "none"))</td><td>\(escape(task.id)) \(escape(task.title))</td>"
            html +=
                "<td>\(escape(task.status))</td><td><a href=\"w/\(Self.fileName(workstream))\">\(escape(workstream))</a></td></tr>\n"
        }
        html += "</tbody></table>\n"
        if open.count > 100 { html += "<p>and \(open.count - 100) more, on their workstreams' pages.</p>\n" }
        return html
    }

    /// On a hub (a store that knows repositories by name), each repository's workstreams and
    /// open and done tasks per domain, with its last sync; nothing for a single repository's file.
    func repositories() -> String {
        let named = data.repositories.filter { !$0.repository.isEmpty }
        guard !named.isEmpty else { return "" }
        var html = "<h2 id=\"repositories\">Repositories</h2>\n<table><thead><tr><th scope=\"col\">Repository</th>"
        html += "<th scope=\"col\">Domain</th><th scope=\"col\">Workstreams</th><th scope=\"col\">Open tasks</th>"
        html += "<th scope=\"col\">Done tasks</th><th scope=\"col\">Last sync</th></tr></thead><tbody>\n"
        for repository in named {
            for domain in repository.domains {
                html +=
                    "<tr><td>\(escape(repository.repository))</td><td>\(escape(domain.domain ?? "(no domain)"))</td>"
                html += "<td>\(domain.workstreams)</td><td>\(domain.openTasks)</td><td>\(domain.doneTasks)</td>"
                html += "<td>\(escape(repository.lastSyncAt ?? "never"))</td></tr>\n"
            }
        }
        return html + "</tbody></table>\n"
    }

    /// Drift corrections and removals in the 30 days before `asOf`, changed files, lint errors.
    func health() -> String {
        let since = data.asOf.flatMap(WeeklyProgress.parse).map { $0.addingTimeInterval(-30 * 86_400) }
        let recent = data.events.filter { event in
            guard let since, let date = WeeklyProgress.parse(event.at) else { return false }
            return date >= since
        }
        let drift = recent.filter { $0.kind.change == .drift }.count
        let removed = recent.filter { $0.kind.change == .removed }.count
        var html = "<h2 id=\"health\">Health</h2>\n<ul>\n"
        html += "<li>\(drift) drift corrections and \(removed) removals in the last 30 days</li>\n"
        html += "<li>\(data.changedFiles.count) workplan files changed since the last sync"
        if !data.changedFiles.isEmpty {
            html += ": " + data.changedFiles.prefix(20).map { "<code>\(escape($0))</code>" }.joined(separator: ", ")
        }
        html += "</li>\n"
        if let run = data.lastSync {
            html += "<li>\(run.lintErrors) lint errors and \(run.skippedFiles) skipped files recorded by the last sync"
            html += " (\(escape(run.at)), \(run.workplans) workplans, \(run.changes) changes)</li>\n"
        }
        return html + "</ul>\n"
    }

    func charts(_ domains: [String]) -> String {
        let domainOf = Dictionary(
            data.workstreams.map { ($0.id, $0.domain ?? "") }, uniquingKeysWith: { first, _ in first })
        let progress = WeeklyProgress.grouped(data.tasks, timelines: WeeklyProgress.Timelines(data.events)) {
            domainOf[$0.workstreamID ?? ""] ?? ""
        }
        var html = "<figure>" + ProgressChart(progress.all, title: "All domains").svg()
        html += "<figcaption>All domains: open and finished tasks at the end of each week</figcaption></figure>\n"
        for domain in domains.prefix(12) {
            html +=
                "<figure>" + ProgressChart(progress.groups[domain] ?? WeeklyProgress(weeks: []), title: domain).svg()
            html += "<figcaption>\(escape(domain.isEmpty ? "(no domain)" : domain))</figcaption></figure>\n"
        }
        return html
    }

    /// A progress bar of finished tasks (done, then cancelled or carried forward) over all, with
    /// the counts in text; compact for the overview's rows.
    func progressBar(_ tasks: some Collection<TaskRecord>, compact: Bool = false) -> String {
        var done = 0
        var cancelled = 0
        var carried = 0
        for task in tasks {
            switch task.status {
            case "done": done += 1
            case "cancelled": cancelled += 1
            case "carried_forward": carried += 1
            default: break
            }
        }
        let count = max(tasks.count, 1)
        let bar = "<i style=\"--d:\(done * 100 / count)%;--e:\((done + cancelled + carried) * 100 / count)%\"></i> "
        if compact {
            let other = [(cancelled, "cancelled"), (carried, "carried")].filter { $0.0 > 0 }.map { ", \($0.0) \($0.1)" }
            return bar + "\(done)/\(tasks.count) done" + other.joined()
        }
        let open = tasks.count - done - cancelled - carried
        return bar + "\(done) done, \(cancelled) cancelled, \(carried) carried forward, \(open) open"
    }
}

func escape(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) else { return text }
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        default: result.append(character)
        }
    }
    return result
}

/// A whole page.
func page(_ title: String, body: String, css: String, script: String? = nil) -> String {
    var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    html += "<title>\(escape(title))</title>\n<link rel=\"stylesheet\" href=\"\(css)\">\n</head>\n<body>\n<main>\n"
    html += body + "</main>\n"
    if let script { html += "<script>\n\(script)</script>\n" }
    return html + "</body>\n</html>\n"
}
