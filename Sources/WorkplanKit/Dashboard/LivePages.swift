import Foundation

/// What the live dashboard's filters select: every table of the overview shows only matching rows.
public struct LiveFilter: Sendable, Hashable {
    public var domain: String?
    public var repository: String?
    /// A workstream status.
    public var status: String?
    /// The page of open tasks (from 0).
    public var page = 0

    public init(domain: String? = nil, repository: String? = nil, status: String? = nil, page: Int = 0) {
        self.domain = domain
        self.repository = repository
        self.status = status
        self.page = page
    }

    /// The query string that keeps these filters (and `page`).
    func query(page: Int? = nil) -> String {
        var items = [("domain", domain), ("repository", repository), ("status", status)].compactMap { name, value in
            value.map { "\(name)=\(percentEncoded($0))" }
        }
        if let page, page > 0 { items.append("page=\(page)") }
        return items.isEmpty ? "" : "?" + items.joined(separator: "&")
    }
}

/// The live dashboard of `workplan serve`: pages rendered per request from the read model,
/// across every repository. Plain HTML and one inline stylesheet; the filters are a form (GET),
/// so every table is filtered by the server and every state has its own URL. Pure.
public struct LivePages: Sendable {
    let model: ReadModel
    let title: String
    /// Open tasks per page.
    static let pageSize = 100
    /// Workstream rows shown per domain: a few on the overview (open work first), more once a
    /// domain, repository or status is chosen.
    static let rowsPerDomain = (overview: 25, filtered: 100, domain: 250)

    public init(_ model: ReadModel, title: String = "Workplans") {
        self.model = model
        self.title = title
    }

    /// The address of a workstream's page.
    static func link(_ repository: String, _ id: String) -> String {
        "/w/" + percentEncoded(repository) + "/" + percentEncoded(id)
    }

    /// The overview: summary and progress, blocked work, this week's changes, workstreams per
    /// domain, open tasks. `now` (ISO 8601) ends the chart.
    public func overview(_ filter: LiveFilter, recent: [FeedEvent], now: String) -> String {
        let workstreams = model.rows.workstreams.indices.filter { matches(model.rows.workstreams[$0], filter) }
        let tasks = model.rows.tasks.indices.filter { index in
            guard let workstream = model.workstream(of: model.rows.tasks[index]) else { return false }
            return matches(ForeignRows.Row(repository: model.rows.tasks[index].repository, record: workstream), filter)
        }
        var body = "<header><h1>\(escape(title))</h1>\n<nav aria-label=\"Sections\">"
        body += "<a href=\"#summary\">Summary</a> <a href=\"#blocked\">Blocked</a> <a href=\"#week\">This week</a> "
        body += "<a href=\"#workstreams\">Workstreams</a> <a href=\"#tasks\">Open tasks</a></nav></header>\n"
        body += filterForm(filter)
        body += summary(workstreams: workstreams, tasks: tasks)
        body += progressFigure(workstreams, now: now)
        body += blocked(workstreams: workstreams, tasks: tasks)
        body += week(recent, filter: filter)
        let limit =
            filter.domain != nil
            ? Self.rowsPerDomain.domain
            : filter.repository != nil || filter.status != nil
                ? Self.rowsPerDomain.filtered : Self.rowsPerDomain.overview
        body += workstreamSections(workstreams, limit: limit)
        body += openTasks(tasks, filter: filter)
        return page(title, body: body)
    }

    private func matches(_ row: ForeignRows.Row<WorkstreamRecord>, _ filter: LiveFilter) -> Bool {
        (filter.repository == nil || row.repository == filter.repository)
            && (filter.domain == nil || row.record.domain == filter.domain)
            && (filter.status == nil || row.record.status == filter.status)
    }

    private func filterForm(_ filter: LiveFilter) -> String {
        func select(_ name: String, _ label: String, _ values: [String], _ chosen: String?) -> String {
            var html = "<label for=\"filter-\(name)\">\(label)</label> <select id=\"filter-\(name)\" name=\"\(name)\">"
            html += "<option value=\"\">all</option>"
            for value in values {
                html += "<option\(value == chosen ? " selected" : "")>\(escape(value))</option>"
            }
            return html + "</select>\n"
        }
        let domains = Set(model.rows.workstreams.compactMap(\.record.domain)).sorted()
        let repositories = model.rows.repositories.map(\.repository)
        var html = "<form class=\"filter\" method=\"get\" action=\"/\">\n"
        html += select("domain", "Domain", domains, filter.domain)
        html += select("repository", "Repository", repositories, filter.repository)
        html += select("status", "Status", ["draft", "active", "blocked", "completed", "archived"], filter.status)
        return html + "<button type=\"submit\">Filter</button> <a href=\"/\">Clear</a></form>\n"
    }

    private func summary(workstreams: [Int], tasks: [Int]) -> String {
        let statuses = tasks.map { model.rows.tasks[$0].record.status }
        let open = statuses.filter { TaskStatus(rawValue: $0)?.isOpen ?? false }.count
        let ready = tasks.filter { model.ready[$0] }.count
        let active = workstreams.filter { model.rows.workstreams[$0].record.status == "active" }.count
        let repositories = Set(workstreams.map { model.rows.workstreams[$0].repository }).count
        var html = "<section id=\"summary\"><h2>Summary</h2>\n<dl class=\"cards\">"
        for (label, value) in [
            ("repositories", repositories), ("workstreams", workstreams.count), ("active", active),
            ("open tasks", open), ("ready", ready), ("done", statuses.filter { $0 == "done" }.count),
        ] {
            html += "<div><dt>\(label)</dt><dd>\(value)</dd></div>"
        }
        return html + "</dl></section>\n"
    }

    private func blocked(workstreams: [Int], tasks: [Int]) -> String {
        let blockedWorkstreams = workstreams.filter { model.rows.workstreams[$0].record.status == "blocked" }
        let blockedTasks = tasks.filter { model.rows.tasks[$0].record.status == TaskStatus.blocked.rawValue }
        var html = "<section id=\"blocked\"><h2>Blocked</h2>\n"
        guard !(blockedWorkstreams.isEmpty && blockedTasks.isEmpty) else {
            return html + "<p>Nothing is blocked.</p></section>\n"
        }
        html +=
            "<table id=\"blocked-table\"><thead><tr><th>Id</th><th>Title</th><th>Repository</th></tr></thead><tbody>\n"
        for index in blockedWorkstreams {
            let row = model.rows.workstreams[index]
            html += "<tr \(Self.attributes(row.record.id, row.record.domain, row.repository))>"
            html += "<td><a href=\"\(Self.link(row.repository, row.record.id))\">\(escape(row.record.id))</a></td>"
            html += "<td>\(escape(row.record.title))</td><td>\(escape(row.repository))</td></tr>\n"
        }
        for index in blockedTasks.prefix(Self.pageSize) {
            let row = model.rows.tasks[index]
            html += "<tr \(Self.attributes(row.record.id, model.workstream(of: row)?.domain, row.repository))>"
            html +=
                "<td>\(taskLink(row))</td><td>\(escape(row.record.title))</td><td>\(escape(row.repository))</td></tr>\n"
        }
        return html + "</tbody></table></section>\n"
    }

    private func week(_ events: [FeedEvent], filter: LiveFilter) -> String {
        let shown = events.filter { event in
            guard filter.domain != nil || filter.status != nil else { return true }
            let holder = model.workstreamOf(event.event.subject, repository: event.repository)
            return holder.map { matches($0, filter) } ?? false
        }
        var html = "<section id=\"week\"><h2>This week</h2>\n"
        guard !shown.isEmpty else { return html + "<p>No changes in the last seven days.</p></section>\n" }
        html +=
            "<table id=\"week-table\"><thead><tr><th>When</th><th>What</th><th>Change</th><th>Who</th></tr></thead><tbody>\n"
        for event in shown.prefix(50) {
            let domain = model.workstreamOf(event.event.subject, repository: event.repository)?.record.domain
            html += "<tr \(Self.attributes(event.event.subject, domain, event.repository))>"
            html += HistoryRow(event).cells(model) + "</tr>\n"
        }
        return html + "</tbody></table></section>\n"
    }

    private func workstreamSections(_ workstreams: [Int], limit: Int) -> String {
        var html = "<section id=\"workstreams\"><h2>Workstreams</h2>\n"
        // Open work first: active, blocked, draft, then completed and archived.
        let rank = ["active": 0, "blocked": 1, "draft": 2, "completed": 3, "archived": 4]
        let ordered = workstreams.sorted {
            (rank[model.rows.workstreams[$0].record.status] ?? 5, $0) < (
                rank[model.rows.workstreams[$1].record.status] ?? 5, $1
            )
        }
        let byDomain = Dictionary(grouping: ordered) { model.rows.workstreams[$0].record.domain ?? "" }
        for domain in byDomain.keys.sorted() {
            let rows = byDomain[domain] ?? []
            let open = rows.reduce(0) { $0 + model.workstreamValue($1).tasks.open }
            html +=
                "<details\(byDomain.count == 1 || rows.count <= 20 ? " open" : "") data-domain=\"\(escape(domain))\">"
            html +=
                "<summary>\(escape(domain.isEmpty ? "(no domain)" : domain)): \(rows.count) workstreams, \(open) open tasks</summary>\n"
            html +=
                "<table class=\"workstream-table\"><thead><tr><th>Id</th><th>Title</th><th>Repository</th><th>Status</th>"
            html += "<th>Progress</th></tr></thead><tbody>\n"
            for index in rows.prefix(limit) {
                let value = model.workstreamValue(index)
                html +=
                    "<tr \(Self.attributes(value.id, value.domain, value.repository)) data-status=\"\(escape(value.status))\">"
                html += "<td><a href=\"\(Self.link(value.repository, value.id))\">"
                html +=
                    "\(escape(value.id))</a></td><td>\(escape(value.title))</td><td>\(escape(value.repository))</td>"
                html += "<td>\(escape(value.status))</td><td>\(progress(value.tasks))</td></tr>\n"
            }
            html += "</tbody></table>"
            if rows.count > limit {
                let more = LiveFilter(domain: domain.isEmpty ? nil : domain).query()
                html += "<p>\(rows.count - limit) more: <a href=\"/\(more)#workstreams\">this domain alone</a>, "
                html += "or choose a repository or a status.</p>"
            }
            html += "</details>\n"
        }
        return html + "</section>\n"
    }

    private func openTasks(_ tasks: [Int], filter: LiveFilter) -> String {
        let open = tasks.filter { TaskStatus(rawValue: model.rows.tasks[$0].record.status)?.isOpen ?? false }
            .sorted { (model.ready[$0] ? 0 : 1, $0) < (model.ready[$1] ? 0 : 1, $1) }
        let start = min(filter.page * Self.pageSize, open.count)
        let end = min(start + Self.pageSize, open.count)
        var html = "<section id=\"tasks\"><h2>Open tasks</h2>\n<p>\(open.count) open, ready first"
        html += open.isEmpty ? "" : "; \(start + 1)–\(end) shown"
        html +=
            ".</p>\n<div class=\"scroll\"><table id=\"task-table\"><thead><tr><th>Task</th><th>Title</th><th>Status</th>"
        html += "<th>Owner</th><th>Domain</th><th>Repository</th><th>Age</th></tr></thead><tbody>\n"
        let now = model.rows.repositories.compactMap(\.lastSyncAt).max() ?? ""
        for index in open[start..<end] {
            let row = model.rows.tasks[index]
            let workstream = model.workstream(of: row)
            html += "<tr \(Self.attributes(row.record.id, workstream?.domain, row.repository))"
            html += "\(model.ready[index] ? " class=\"ready\"" : "")><td>\(taskLink(row))</td>"
            html += "<td>\(escape(row.record.title))\(model.ready[index] ? " <mark>ready</mark>" : "")</td>"
            html += "<td>\(escape(row.record.status))</td><td>\(escape(workstream?.owner ?? ""))</td>"
            html += "<td>\(escape(workstream?.domain ?? ""))</td><td>\(escape(row.repository))</td>"
            html += "<td>\(age(since: row.record.updatedAt ?? workstream?.created, now: now))</td></tr>\n"
        }
        html += "</tbody></table></div>\n<nav class=\"pages\" aria-label=\"Pages of open tasks\">"
        if filter.page > 0 { html += "<a href=\"/\(filter.query(page: filter.page - 1))#tasks\">Previous</a> " }
        if end < open.count { html += "<a href=\"/\(filter.query(page: filter.page + 1))#tasks\">Next</a>" }
        return html + "</nav></section>\n"
    }

    /// A row's id, domain and repository as data attributes (what a script or a test filters on).
    static func attributes(_ id: String, _ domain: String?, _ repository: String) -> String {
        "data-id=\"\(escape(id))\" data-domain=\"\(escape(domain ?? ""))\" data-repository=\"\(escape(repository))\""
    }

    func taskLink(_ row: ForeignRows.Row<TaskRecord>) -> String {
        guard let workstream = row.record.workstreamID else { return escape(row.record.id) }
        return
            "<a href=\"\(Self.link(row.repository, workstream))#\(escape(row.record.id))\">\(escape(row.record.id))</a>"
    }

    private func progress(_ counts: ReadValues.TaskCounts) -> String {
        guard counts.total > 0 else { return "no tasks" }
        let done = counts.done * 100 / counts.total
        let closed = (counts.done + counts.cancelled + counts.carriedForward) * 100 / counts.total
        return "<i style=\"--d:\(done)%;--e:\(closed)%\"></i> \(counts.done)/\(counts.total) done"
    }

    /// "3 d" since `date` (a date or a time), counted to `now`.
    private func age(since date: String?, now: String) -> String {
        guard let date, let start = Self.day(date), let end = Self.day(now) else { return "" }
        return "\(max(0, (end - start) / 86_400)) d"
    }

    /// The day a date or a time (`YYYY-MM-DD…`) falls on, in seconds since 1970, by the store's
    /// time parser (a formatter per call cost more than the rest of the chart).
    static func day(_ text: String) -> Int? {
        WeeklyProgress.parse(String(text.prefix(10)) + "T00:00:00Z").map { Int($0.timeIntervalSince1970) }
    }

    func page(_ title: String, body: String) -> String {
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        // No icon: a browser would otherwise ask for /favicon.ico.
        html += "<link rel=\"icon\" href=\"data:,\">\n"
        html += "<title>\(escape(title))</title>\n<style>\n\(Self.style)</style>\n</head>\n<body>\n<main>\n"
        return html + body + "</main>\n</body>\n</html>\n"
    }
}

/// Text safe in a URL path segment or query value.
func percentEncoded(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
}
