import Foundation

/// One workstream's page: its front matter, dependencies as links, tasks by phase, its closure,
/// and its history.
struct WorkstreamPage {
    let workstream: WorkstreamRecord
    let tasks: ArraySlice<TaskRecord>
    let site: DashboardSite
    let events: [EventRecord]
    let index: SiteIndex

    func html() -> String {
        var body = "<p><a href=\"../index.html\">← \(escape(site.options.title))</a></p>\n"
        body += "<h1>\(escape(workstream.id)) — \(escape(workstream.title))</h1>\n<dl>\n"
        for (key, value) in [
            ("Status", workstream.status), ("Domain", workstream.domain), ("Owner", workstream.owner),
            ("Created", workstream.created), ("Updated", workstream.updated), ("Completed", workstream.completed),
            ("File", workstream.path),
        ] {
            if let value { body += "<dt>\(key)</dt><dd>\(escape(value))</dd>\n" }
        }
        body += "<dt>Progress</dt><dd>\(site.progressBar(tasks))</dd>\n</dl>\n" + dependencies() + phases() + history()
        return page("\(workstream.id) — \(site.options.title)", body: body, css: "../style.css")
    }

    func dependencies() -> String {
        let rows = index.dependencies[workstream.id] ?? []
        guard !rows.isEmpty else { return "" }
        var html = "<h2>Dependencies</h2>\n<ul>\n"
        for row in rows {
            let other = row.from == workstream.id ? row.to : row.from
            let target = index.workstreams.contains(other) ? other : index.taskOwner[other]
            let name = target.map { "<a href=\"\(DashboardSite.fileName($0))\">\(escape(other))</a>" } ?? escape(other)
            let relation =
                row.from == workstream.id
                ? row.kind.rawValue.replacingOccurrences(of: "_", with: " ")
                : "\(row.kind.rawValue.replacingOccurrences(of: "_", with: " ")) (from)"
            html += "<li>\(escape(relation)): \(name)</li>\n"
        }
        return html + "</ul>\n"
    }

    func phases() -> String {
        var html = "<h2>Tasks</h2>\n"
        var phases: [String] = []
        for task in tasks where !phases.contains(task.phase ?? "") { phases.append(task.phase ?? "") }
        for phase in phases {
            html +=
                "<h3>\(escape(phase.isEmpty ? "No phase" : phase))</h3>\n<table><thead><tr><th scope=\"col\">Task</th>"
            html +=
                "<th scope=\"col\">Status</th><th scope=\"col\">Priority</th><th scope=\"col\">Title</th></tr></thead><tbody>\n"
            for task in tasks where (task.phase ?? "") == phase {
                html += "<tr id=\"\(escape(task.id))\"><td>\(taskLink(task))</td><td>\(escape(task.status))</td>"
                html += "<td>\(escape(task.priority ?? "—"))</td><td>\(escape(task.title))</td></tr>\n"
            }
            html += "</tbody></table>\n"
        }
        return html
    }

    /// The task id, linked to its line in the file when a base URL is set.
    func taskLink(_ task: TaskRecord) -> String {
        guard let base = site.options.baseURL, let path = workstream.path, let line = task.line else {
            return escape(task.id)
        }
        let url = base.hasSuffix("/") ? base : base + "/"
        return "<a href=\"\(escape(url + path))#L\(line)\">\(escape(task.id))</a>"
    }

    func history() -> String {
        let sorted = events.sorted { ($0.at, $0.id ?? 0) < ($1.at, $1.id ?? 0) }
        guard !sorted.isEmpty else { return "" }
        var html = "<h2>History</h2>\n"
        if let closure = sorted.last(where: { $0.kind == .closure }) {
            html += "<p>Closed: \(escape(closure.at))</p>\n"
        }
        html += "<table><thead><tr><th scope=\"col\">When</th><th scope=\"col\">What</th><th scope=\"col\">Row</th>"
        html += "<th scope=\"col\">Who</th><th scope=\"col\">Detail</th></tr></thead><tbody>\n"
        for event in sorted.suffix(200) {
            let who = event.run.flatMap { site.data.runs[$0] }.map(\.provenance) ?? ""
            html +=
                "<tr><td>\(escape(event.at))</td><td>\(escape(event.kind.rawValue))</td><td>\(escape(event.subject))</td>"
            html += "<td>\(escape(who))</td><td><code>\(escape(String(event.detail.prefix(300))))</code></td></tr>\n"
        }
        return html + "</tbody></table>\n"
    }
}

/// Look-ups every workstream page needs, built once per site.
struct SiteIndex {
    var workstreams: Set<String>
    var taskOwner: [String: String]
    /// Each workstream's dependency rows: from it, to it, and from or to its tasks.
    var dependencies: [String: [DependencyRecord]]

    init(_ data: DashboardData) {
        let workstreams = Set(data.workstreams.map(\.id))
        let taskOwner = Dictionary(
            data.tasks.map { ($0.id, $0.workstreamID ?? "") }, uniquingKeysWith: { first, _ in first })
        self.workstreams = workstreams
        self.taskOwner = taskOwner
        var dependencies: [String: [DependencyRecord]] = [:]
        for row in data.dependencies {
            let owners = Set([row.from, row.to].compactMap { workstreams.contains($0) ? $0 : taskOwner[$0] })
            for owner in owners { dependencies[owner, default: []].append(row) }
        }
        self.dependencies = dependencies
    }
}
