import Foundation

extension LivePages {
    /// A static site's filters: a link to the page of each domain, repository and status.
    func filterLinks(_ filter: LiveFilter) -> String {
        // "all" is the chosen one on every page of the unfiltered overview.
        let unfiltered = filter.domain == nil && filter.repository == nil && filter.status == nil
        func links(_ name: String, _ label: String, _ values: [String], _ chosen: String?) -> String {
            var html = "<p id=\"filter-\(name)\">\(label): "
            let all = LiveFilter()
            html += "<a href=\"\(overviewLink(all))\"\(unfiltered ? " aria-current=\"page\"" : "")>all</a>"
            for value in values {
                let target = [
                    "domain": LiveFilter(domain: value), "repository": LiveFilter(repository: value),
                    "status": LiveFilter(status: value),
                ][name, default: all]
                let current = value == chosen ? " aria-current=\"page\"" : ""
                html += " <a href=\"\(overviewLink(target))\"\(current)>\(escape(value))</a>"
            }
            return html + "</p>\n"
        }
        var html = "<nav class=\"filter\" aria-label=\"Filters\">\n"
        html += links("domain", "Domain", model.domainSlugs, filter.domain)
        html += links("repository", "Repository", model.rows.repositories.map(\.repository), filter.repository)
        return html + links("status", "Status", Self.statuses, filter.status) + "</nav>\n"
    }

    /// Per repository (those the filter keeps): its branch, last sync and who made it, and the
    /// filtered workstreams and tasks it holds.
    func repositories(workstreams: [Int], tasks: [Int], filter: LiveFilter) -> String {
        var counts: [String: (workstreams: Int, open: Int, done: Int)] = [:]
        for index in workstreams {
            counts[model.rows.workstreams[index].repository, default: (0, 0, 0)].workstreams += 1
        }
        for index in tasks {
            let repository = model.rows.tasks[index].repository
            if isOpen(index) { counts[repository, default: (0, 0, 0)].open += 1 }
            if model.rows.tasks[index].record.status == TaskStatus.done.rawValue {
                counts[repository, default: (0, 0, 0)].done += 1
            }
        }
        var html =
            "<section id=\"repositories\"><h2>Repositories</h2>\n<div class=\"scroll\"><table id=\"repository-table\">"
        html +=
            "<thead><tr><th>Repository</th><th>Workstreams</th><th>Open tasks</th><th>Done tasks</th><th>Branch</th>"
        html += "<th>Last sync</th></tr></thead><tbody>\n"
        for repository in model.rows.repositories where filter.repository.map({ $0 == repository.repository }) ?? true {
            let count = counts[repository.repository] ?? (0, 0, 0)
            if filter.domain != nil || filter.status != nil, count.workstreams == 0 { continue }
            let name = repository.repository
            html +=
                "<tr data-repository=\"\(escape(name))\"><td><a href=\"\(overviewLink(LiveFilter(repository: name)))\">"
            html += "\(escape(name))</a></td><td>\(count.workstreams)</td><td>\(count.open)</td><td>\(count.done)</td>"
            html += "<td>\(escape(repository.branch ?? ""))</td><td>\(escape(repository.lastSyncAt ?? "never"))"
            if let actor = repository.lastRun?.actor { html += " by \(escape(actor))" }
            html += "</td></tr>\n"
        }
        return html + "</tbody></table></div></section>\n"
    }
}
