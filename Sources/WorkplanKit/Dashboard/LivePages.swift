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

    /// The query string that keeps these filters and the page.
    func query() -> String {
        var items = [("domain", domain), ("repository", repository), ("status", status)].compactMap { name, value in
            value.map { "\(name)=\(percentEncoded($0))" }
        }
        if page > 0 { items.append("page=\(page)") }
        return items.isEmpty ? "" : "?" + items.joined(separator: "&")
    }
}

/// The dashboard's pages, rendered from the read model across every repository: per request by
/// `workplan serve`, and written as a static site by `workplan dashboard` (`StaticSite`). Plain
/// HTML and one inline stylesheet, no script. Served, the filters are a form (GET), so every
/// table is filtered by the server and every state has its own URL; in a static site they are
/// links to pages written for each domain, repository and status. Pure.
public struct LivePages: Sendable {
    /// Where the pages live: behind `workplan serve` (absolute paths, query strings) or in a
    /// folder (relative links to `.html` files, which work from `file://` and any static host).
    public enum Addressing: Sendable { case server, site }

    let model: ReadModel
    let title: String
    let addressing: Addressing
    /// The way from the page being rendered to the site's root folder (`../../` from a
    /// workstream's page); empty when served.
    var root = ""
    /// What a static site says of the working tree it was written from (none when served).
    var health: SiteHealth?
    /// Links each task of `repository` to its line: `url/path#Lline`.
    var source: (repository: String, url: String)?
    /// How many pages of open tasks a view has at most (a static site's are written out).
    var taskPageLimit = Int.max
    /// Open tasks per page.
    static let pageSize = 100
    /// Workstream rows shown per domain: a few on the overview (open work first), more once a
    /// domain, repository or status is chosen.
    static let rowsPerDomain = (overview: 25, filtered: 100, domain: 250)

    public init(_ model: ReadModel, title: String = "Workplans", addressing: Addressing = .server) {
        self.model = model
        self.title = title
        self.addressing = addressing
    }

    /// The address of a workstream's page.
    func link(_ repository: String, _ id: String) -> String {
        switch addressing {
        case .server: "/w/" + percentEncoded(repository) + "/" + percentEncoded(id)
        case .site: root + Self.workstreamFile(repository, id)
        }
    }

    /// The address of the overview with these filters (and page).
    func overviewLink(_ filter: LiveFilter) -> String {
        switch addressing {
        case .server: "/" + filter.query()
        case .site: root + Self.overviewFile(filter)
        }
    }

    /// A workstream page's file in a static site.
    static func workstreamFile(_ repository: String, _ id: String) -> String {
        "w/\(siteName(repository))/\(siteName(id)).html"
    }

    /// The file of an overview in a static site: one filter at a time (a domain, else a
    /// repository, else a status), each page of open tasks after the first its own file.
    static func overviewFile(_ filter: LiveFilter) -> String {
        let page = filter.page > 0 ? "-\(filter.page + 1)" : ""
        if let domain = filter.domain { return "domain/\(siteName(domain))\(page).html" }
        if let repository = filter.repository { return "repository/\(siteName(repository))\(page).html" }
        if let status = filter.status { return "status/\(siteName(status))\(page).html" }
        return "index\(page).html"
    }

    /// The overview: summary and progress, blocked work, this week's changes, workstreams per
    /// domain, open tasks. `now` (ISO 8601) ends the chart.
    public func overview(_ filter: LiveFilter, recent: [FeedEvent], now: String) -> String {
        overview(filter, selection(filter), recent: recent, now: now)
    }

    func overview(_ filter: LiveFilter, _ selection: Selection, recent: [FeedEvent], now: String) -> String {
        let (workstreams, tasks) = (selection.workstreams, selection.tasks)
        var body = "<header><h1>\(escape(title))</h1>\n<nav aria-label=\"Sections\">"
        body += "<a href=\"#summary\">Summary</a> <a href=\"#blocked\">Blocked</a> <a href=\"#week\">This week</a> "
        body += "<a href=\"#workstreams\">Workstreams</a> <a href=\"#tasks\">Open tasks</a> "
        body += "<a href=\"#repositories\">Repositories</a>"
        body += health == nil ? "" : " <a href=\"#health\">Health</a>"
        body += "</nav></header>\n"
        body += addressing == .server ? filterForm(filter) : filterLinks(filter)
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
        body += openTasks(selection.open, filter: filter)
        body += repositories(workstreams: workstreams, tasks: tasks, filter: filter)
        body += health.map { $0.section() } ?? ""
        return page(title, body: body)
    }

    /// The rows a filter keeps, as indices in the model: computed once per view.
    struct Selection: Sendable {
        var workstreams: [Int]
        var tasks: [Int]
        /// The open tasks among them, ready first.
        var open: [Int]

        /// How many pages the open tasks take (0 when there are none).
        var openTaskPages: Int { (open.count + LivePages.pageSize - 1) / LivePages.pageSize }
    }

    func selection(_ filter: LiveFilter) -> Selection {
        let rows = model.rows.workstreams
        let workstreams = rows.indices.filter { index in
            (filter.repository == nil || rows[index].repository == filter.repository)
                && (filter.domain == nil || rows[index].record.domain == filter.domain)
                && (filter.status == nil || rows[index].record.status == filter.status)
        }
        let tasks = workstreams.flatMap { index in
            model.tasksOfWorkstream[ReadModel.key(rows[index].repository, rows[index].record.id)] ?? []
        }.sorted()
        let open = tasks.filter(isOpen).sorted { (model.ready[$0] ? 0 : 1, $0) < (model.ready[$1] ? 0 : 1, $1) }
        return Selection(workstreams: workstreams, tasks: tasks, open: open)
    }

    /// A static site's later page of open tasks: the title, the filters and that page.
    func taskPage(_ filter: LiveFilter, _ selection: Selection) -> String {
        var first = filter
        first.page = 0
        var body = "<header><h1>\(escape(title))</h1>\n<nav aria-label=\"Sections\">"
        body += "<a href=\"\(overviewLink(first))\">Overview</a> <a href=\"#tasks\">Open tasks</a></nav></header>\n"
        body += filterLinks(filter) + openTasks(selection.open, filter: filter)
        return page("\(title): open tasks, page \(filter.page + 1)", body: body)
    }

    func isOpen(_ task: Int) -> Bool {
        TaskStatus(rawValue: model.rows.tasks[task].record.status)?.isOpen ?? false
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
        let (domains, repositories) = (model.domainSlugs, model.rows.repositories.map(\.repository))
        var html = "<form class=\"filter\" method=\"get\" action=\"/\">\n"
        html += select("domain", "Domain", domains, filter.domain)
        html += select("repository", "Repository", repositories, filter.repository)
        html += select("status", "Status", Self.statuses, filter.status)
        return html + "<button type=\"submit\">Filter</button> <a href=\"/\">Clear</a></form>\n"
    }

    static let statuses = ["draft", "active", "blocked", "completed", "archived"]

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
            html += "<td><a href=\"\(link(row.repository, row.record.id))\">\(escape(row.record.id))</a></td>"
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
            html += HistoryRow(event).cells(self) + "</tr>\n"
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
                html += "<td><a href=\"\(link(value.repository, value.id))\">"
                html +=
                    "\(escape(value.id))</a></td><td>\(escape(value.title))</td><td>\(escape(value.repository))</td>"
                html += "<td>\(escape(value.status))</td><td>\(progress(value.tasks))</td></tr>\n"
            }
            html += "</tbody></table>"
            if rows.count > limit {
                let more = overviewLink(LiveFilter(domain: domain.isEmpty ? nil : domain))
                html += "<p>\(rows.count - limit) more: <a href=\"\(more)#workstreams\">this domain alone</a>, "
                html += "or choose a repository or a status.</p>"
            }
            html += "</details>\n"
        }
        return html + "</section>\n"
    }

    private func openTasks(_ open: [Int], filter: LiveFilter) -> String {
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
        var other = filter
        other.page = filter.page - 1
        if filter.page > 0 { html += "<a href=\"\(overviewLink(other))#tasks\">Previous</a> " }
        other.page = filter.page + 1
        if end < open.count, other.page < taskPageLimit {
            html += "<a href=\"\(overviewLink(other))#tasks\">Next</a>"
        } else if end < open.count {
            html += "<span>The other \(open.count - end) open tasks are on their workstreams' pages "
            html += "(<code>workplan serve</code> pages through them all).</span>"
        }
        return html + "</nav></section>\n"
    }

    /// A row's id, domain and repository as data attributes (what a script or a test filters on).
    static func attributes(_ id: String, _ domain: String?, _ repository: String) -> String {
        "data-id=\"\(escape(id))\" data-domain=\"\(escape(domain ?? ""))\" data-repository=\"\(escape(repository))\""
    }

    func taskLink(_ row: ForeignRows.Row<TaskRecord>) -> String {
        guard let workstream = row.record.workstreamID else { return escape(row.record.id) }
        return
            "<a href=\"\(link(row.repository, workstream))#\(escape(row.record.id))\">\(escape(row.record.id))</a>"
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
        html += "<title>\(escape(title))</title>\n"
        // Served, one answer holds all; a site's pages share one file.
        html +=
            addressing == .server
            ? "<style>\n\(Self.style)</style>\n" : "<link rel=\"stylesheet\" href=\"\(root)style.css\">\n"
        html += "</head>\n<body>\n<main>\n"
        return html + body + "</main>\n</body>\n</html>\n"
    }
}
