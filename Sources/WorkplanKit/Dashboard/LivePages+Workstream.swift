import Foundation

extension ReadModel {
    /// The workstream an event's subject belongs to (itself, or a task's).
    func workstreamOf(_ id: String, repository: String) -> ForeignRows.Row<WorkstreamRecord>? {
        if let index = workstreamIndex[repository, id] { return rows.workstreams[index] }
        guard let task = taskIndex[repository, id], let workstream = rows.tasks[task].record.workstreamID,
            let index = workstreamIndex[repository, workstream]
        else { return nil }
        return rows.workstreams[index]
    }
}

/// One event as a history table's row: when, what (linked), the change in words, who and which commit.
struct HistoryRow {
    let event: FeedEvent

    init(_ event: FeedEvent) { self.event = event }

    func cells(_ pages: LivePages) -> String {
        let model = pages.model
        let value = ReadValues.Event(event)
        let subject: String
        if let workstream = model.workstreamOf(value.subject, repository: value.repository) {
            let anchor = workstream.record.id == value.subject ? "" : "#" + escape(value.subject)
            subject =
                "<a href=\"\(pages.link(value.repository, workstream.record.id))\(anchor)\">"
                + "\(escape(value.subject))</a>"
        } else {
            subject = escape(value.subject)
        }
        var who = escape(value.actor ?? "")
        if let commit = value.commit { who += " at <code>\(escape(String(commit.prefix(7))))</code>" }
        // "2026-11-18T09:00:00Z" → "2026-11-18 09:00"
        let at = value.at.utf8.count >= 16 ? value.at.prefix(10) + " " + value.at.dropFirst(11).prefix(5) : value.at
        return "<td>\(escape(String(at)))</td>"
            + "<td>\(subject) <small>\(escape(value.kind))</small></td><td>\(escape(value.summary))</td><td>\(who)</td>"
    }
}

extension LivePages {
    /// A workstream's page: its front matter, tasks by phase with their descriptions and
    /// dependencies (linked across repositories), its closure, its history in words.
    public func workstream(_ id: String, repository: String, history: [FeedEvent]) -> String? {
        guard let detail = model.workstream(id, repository: repository) else { return nil }
        let value = detail.workstream
        let home = overviewLink(LiveFilter())
        var body =
            "<header><p><a href=\"\(home)\">All workstreams</a></p><h1>\(escape(value.id)): \(escape(value.title))</h1></header>\n"
        let source = self.source.flatMap { $0.repository == repository ? $0.url : nil }
        body += "<dl class=\"facts\">"
        for (label, text) in [
            ("Repository", value.repository), ("Domain", value.domain), ("Status", value.status),
            ("Owner", value.owner),
            ("Created", value.created), ("Updated", value.updated), ("Completed", value.completed),
            ("File", value.path),
        ] {
            guard let text else { continue }
            let shown =
                label == "File" && source != nil
                ? "<a href=\"\(escape(source ?? ""))/\(escape(text))\">\(escape(text))</a>" : escape(text)
            body += "<div><dt>\(label)</dt><dd>\(shown)</dd></div>"
        }
        body += "</dl>\n" + links("Depends on", detail.waitsOn) + links("Waited on by", detail.waitedOnBy)
        for phase in detail.phases {
            body += "<section><h2>\(escape(phase.name ?? "Tasks"))</h2>\n"
            for task in phase.tasks {
                body +=
                    "<article id=\"\(escape(task.task.id))\"><h3>\(escape(task.task.id)): \(escape(task.task.title))</h3>"
                body += "<p>\(escape(task.task.status))\(task.task.priority.map { ", " + escape($0) } ?? "")"
                body += task.task.ready ? " <mark>ready</mark>" : ""
                if let source, let path = value.path, let line = task.task.line {
                    body += " <a href=\"\(escape(source))/\(escape(path))#L\(line)\">source</a>"
                }
                body += "</p>\n" + links("Depends on", task.waitsOn)
                if let description = task.description, !description.isEmpty {
                    body += "<p class=\"description\">\(escape(description))</p>\n"
                }
                body += "</article>\n"
            }
            body += "</section>\n"
        }
        body += closure(detail.closure) + historySection(history)
        return page("\(value.id): \(value.title)", body: body)
    }

    private func links(_ label: String, _ links: [ReadValues.Link]) -> String {
        guard !links.isEmpty else { return "" }
        let items = links.map { link -> String in
            var text = escape(link.id)
            if let repository = link.repository, let target = model.workstreamOf(link.id, repository: repository) {
                let anchor = target.record.id == link.id ? "" : "#" + escape(link.id)
                text = "<a href=\"\(self.link(repository, target.record.id))\(anchor)\">\(escape(link.id))</a>"
            }
            let place = link.repository.map { " in \(escape($0))" } ?? " (no repository holds it)"
            let state = link.status.map { ", \(escape($0))" } ?? ""
            return "<li>\(text)\(link.title.map { " " + escape($0) } ?? "")\(place)\(state)"
                + "\(link.finished ? " ✓" : "")</li>"
        }
        return "<p>\(label):</p><ul class=\"links\">\(items.joined())</ul>\n"
    }

    private func closure(_ closure: ReadValues.Closure?) -> String {
        guard let closure else { return "" }
        var html =
            "<section id=\"closure\"><h2>Closure Review\(closure.completed.map { " — " + escape($0) } ?? "")</h2>\n"
        html += "<table><thead><tr><th>Task</th><th>Classification</th></tr></thead><tbody>\n"
        for id in closure.done { html += "<tr><td>\(escape(id))</td><td>done</td></tr>\n" }
        for id in closure.cancelled { html += "<tr><td>\(escape(id))</td><td>cancelled</td></tr>\n" }
        for task in closure.carriedForward {
            html +=
                "<tr><td>\(escape(task.id))</td><td>carried forward\(task.carriedTo.map { " to " + escape($0) } ?? "")</td></tr>\n"
        }
        return html + "</tbody></table></section>\n"
    }

    private func historySection(_ history: [FeedEvent]) -> String {
        var html = "<section id=\"history\"><h2>History</h2>\n"
        guard !history.isEmpty else { return html + "<p>No events.</p></section>\n" }
        html +=
            "<div class=\"scroll\"><table><thead><tr><th>When</th><th>What</th><th>Change</th><th>Who</th></tr></thead><tbody>\n"
        for event in history { html += "<tr>" + HistoryRow(event).cells(self) + "</tr>\n" }
        return html + "</tbody></table></div></section>\n"
    }

    /// The page a refused dashboard request gets: the status, why, and the way back.
    public static func errorPage(status: Int, message: String) -> String {
        LivePages(ReadModel(ReadRows(), token: ""), title: "Workplans").page(
            "\(status): \(message)",
            body:
                "<header><h1>\(status)</h1></header>\n<p>\(escape(message))</p>\n<p><a href=\"/\">All workstreams</a></p>\n"
        )
    }

    static let style = """
        :root { --done: #1b7f3b; --cancelled: #8a8a8a; font-family: system-ui, sans-serif; }
        body { margin: 0; color: #1a1a1a; background: #fff; }
        main { max-width: 1200px; margin: 0 auto; padding: 1rem; overflow-wrap: anywhere; }
        header nav a, .pages a { margin-right: 0.8rem; }
        table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; }
        th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
        .scroll { overflow-x: auto; }
        td i { display: inline-block; width: 6rem; height: 0.8rem; border: 1px solid #555; vertical-align: middle;
          background: linear-gradient(to right, var(--done) var(--d), var(--cancelled) var(--d) var(--e), #fff var(--e)); }
        .cards { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0; }
        .cards div { border: 1px solid #ddd; padding: 0.5rem 1rem; min-width: 6rem; }
        .cards dt { font-size: 0.85em; color: #555; } .cards dd { margin: 0; font-size: 1.5em; }
        .facts div { display: inline-block; margin: 0 1.5rem 0.5rem 0; } .facts dt { font-size: 0.85em; color: #555; }
        .facts dd { margin: 0; }
        .filter { margin: 1rem 0; } .filter label { margin-left: 0.5rem; } .filter p { margin: 0.3rem 0; }
        .filter a { margin-right: 0.4rem; } .filter a[aria-current] { font-weight: 700; text-decoration: none; }
        details { margin-bottom: 0.5rem; } summary { cursor: pointer; font-weight: 600; }
        mark { background: #d9f2df; padding: 0 0.3rem; }
        tr.ready td:first-child { border-left: 3px solid var(--done); }
        .description { white-space: pre-wrap; }
        code { font-size: 0.85em; }
        figure { width: 30rem; max-width: 100%; margin: 1rem 0; }
        .axis { stroke: #555; } .label { font-size: 10px; fill: #333; }
        .open-line { fill: none; stroke: #1f5fbf; stroke-width: 2; }
        .finished-line { fill: none; stroke: var(--done); stroke-width: 2; stroke-dasharray: 2 3; }
        .open-point { fill: #1f5fbf; } .finished-point { fill: var(--done); }
        @media (max-width: 600px) {
          table.workstream-table th:nth-child(3), table.workstream-table td:nth-child(3),
          table.workstream-table th:nth-child(5), table.workstream-table td:nth-child(5) { display: none; }
          #task-table th:nth-child(n+4), #task-table td:nth-child(n+4) { display: none; }
          td i { width: 3rem; }
        }

        """
}
