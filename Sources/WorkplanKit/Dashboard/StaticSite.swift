import Foundation

/// `workplan dashboard`: the pages `workplan serve` renders (and their `style.css`), written as a static site that
/// works from `file://` and any static host. The overview is written once unfiltered
/// (`index.html`) and once per domain, repository and workstream status (`domain/…`,
/// `repository/…`, `status/…`), each page of open tasks after the first as its own file (ten
/// at most); every
/// workstream has `w/REPOSITORY/ID.html`. Links are relative. "Now" is the newest event, so the
/// same store gives the same bytes. Pure: `files()` and `render(_:)` compute, `write` writes.
public struct StaticSite: Sendable {
    public struct Options: Sendable {
        public var title = "Workplans"
        /// Links each task of the repository the site is written from to its line at this URL
        /// prefix (`https://host/repo/blob/main`).
        public var baseURL: String?

        public init() {}
    }

    let pages: LivePages
    /// Each workstream's history, newest first, by `ReadModel.key(repository, id)`.
    let history: [String: [FeedEvent]]
    /// The changes of the seven days before `now`, newest first.
    let recent: [FeedEvent]
    let now: String
    /// Every page: an overview's filter, or a workstream's index in the model.
    let pageList: [Page]
    /// The rows each overview keeps, by its filter (page 0).
    let selections: [LiveFilter: LivePages.Selection]
    /// A workstream page's history holds at most this many events, as served.
    static let historyLimit = 200
    /// Pages of open tasks per view: the first 1,000, ready ones first (every task is also on
    /// its workstream's page).
    static let taskPageLimit = 10

    /// `events`: the store's feed, newest first. `local`: the repository the site is written
    /// from (its tasks link to `baseURL`).
    public init(
        _ model: ReadModel, events: [FeedEvent], health: SiteHealth? = nil, local: String = "",
        options: Options = Options()
    ) {
        var pages = LivePages(model, title: options.title, addressing: .site)
        pages.health = health
        pages.taskPageLimit = Self.taskPageLimit
        pages.source = options.baseURL.map { (local, $0.hasSuffix("/") ? String($0.dropLast()) : $0) }
        self.pages = pages
        let now = events.map(\.event.at).max() ?? model.rows.repositories.compactMap(\.lastSyncAt).max() ?? ""
        self.now = now
        let weekAgo = WeeklyProgress.parse(now).map {
            ISO8601DateFormatter().string(from: $0.addingTimeInterval(-7 * 86_400))
        }
        recent = events.filter { event in weekAgo.map { event.event.at >= $0 } ?? false }
        var history: [String: [FeedEvent]] = [:]
        for event in events {
            guard let holder = model.workstreamOf(event.event.subject, repository: event.repository) else { continue }
            let key = ReadModel.key(holder.repository, holder.record.id)
            if history[key, default: []].count < Self.historyLimit { history[key, default: []].append(event) }
        }
        self.history = history
        var selections: [LiveFilter: LivePages.Selection] = [:]
        for filter in Self.filters(model) { selections[filter] = pages.selection(filter) }
        self.selections = selections
        pageList = Self.pageList(pages.model, selections)
    }

    /// The overviews a site holds: everything, each domain, each repository, each status.
    private static func filters(_ model: ReadModel) -> [LiveFilter] {
        [LiveFilter()] + model.domainSlugs.map { LiveFilter(domain: $0) }
            + model.rows.repositories.map { LiveFilter(repository: $0.repository) }
            + LivePages.statuses.map { LiveFilter(status: $0) }
    }

    /// The number of workstream pages.
    public var workstreamCount: Int { pages.model.rows.workstreams.count }

    /// Every file of the site: its path in the folder and its text.
    public func files() -> [String: String] {
        Dictionary(batches(of: .max).flatMap(render), uniquingKeysWith: { first, _ in first })
    }

    /// The overviews first, then the workstream pages, in batches of at most `size` pages
    /// (positions in `pageList`).
    func batches(of size: Int) -> [Range<Int>] {
        let count = pageList.count
        return stride(from: 0, to: count, by: max(1, min(size, count))).map { $0..<min($0 + size, count) }
    }

    private static func pageList(_ model: ReadModel, _ selections: [LiveFilter: LivePages.Selection]) -> [Page] {
        var list: [Page] = []
        for filter in filters(model) {
            for page in 0..<max(1, min(taskPageLimit, selections[filter]?.openTaskPages ?? 0)) {
                var paged = filter
                paged.page = page
                list.append(.overview(paged))
            }
        }
        return [.style] + list + model.rows.workstreams.indices.map(Page.workstream)
    }

    enum Page {
        case style
        case overview(LiveFilter)
        case workstream(Int)
    }

    /// The pages at these positions: path and HTML, built on every core.
    func render(_ positions: Range<Int>) -> [(String, String)] {
        concurrentPerformMap(Array(positions)) { position in
            var pages = pages
            switch pageList[position] {
            case .style:
                return ("style.css", LivePages.style)
            case .overview(let filter):
                let path = LivePages.overviewFile(filter)
                pages.root = path.contains("/") ? "../" : ""
                var first = filter
                first.page = 0
                let selection = selections[first] ?? pages.selection(first)
                guard filter.page == 0 else { return (path, pages.taskPage(filter, selection)) }
                // As served: the week's 200 newest changes of the repository chosen, if any.
                let recent = filter.repository.map { name in self.recent.filter { $0.repository == name } } ?? recent
                return (path, pages.overview(filter, selection, recent: Array(recent.prefix(200)), now: now))
            case .workstream(let index):
                let row = pages.model.rows.workstreams[index]
                pages.root = "../../"
                let history = history[ReadModel.key(row.repository, row.record.id)] ?? []
                let html = pages.workstream(row.record.id, repository: row.repository, history: history) ?? ""
                return (LivePages.workstreamFile(row.repository, row.record.id), html)
            }
        }
    }
}

/// What a static site says of the working tree it was written from: files changed since the
/// last sync, what that sync recorded, drift and removals in the last 30 days.
public struct SiteHealth: Sendable {
    public var changedFiles: [String]
    public var lastSync: SyncRunRecord?
    public var drift = 0
    public var removals = 0

    public init(changedFiles: [String], lastSync: SyncRunRecord?, events: [FeedEvent], now: String) {
        self.changedFiles = changedFiles
        self.lastSync = lastSync
        let since = WeeklyProgress.parse(now).map {
            ISO8601DateFormatter().string(from: $0.addingTimeInterval(-30 * 86_400))
        }
        for event in events where since.map({ event.event.at >= $0 }) ?? false {
            if event.event.kind.change == .drift { drift += 1 }
            if event.event.kind.change == .removed { removals += 1 }
        }
    }

    func section() -> String {
        var html = "<section id=\"health\"><h2>Health</h2>\n<ul>\n"
        html += "<li>\(drift) drift corrections and \(removals) removals in the last 30 days</li>\n"
        html += "<li>\(changedFiles.count) workplan files changed since the last sync"
        if !changedFiles.isEmpty {
            html += ": " + changedFiles.prefix(20).map { "<code>\(escape($0))</code>" }.joined(separator: ", ")
        }
        html += "</li>\n"
        if let run = lastSync {
            html += "<li>\(run.lintErrors) lint errors and \(run.skippedFiles) skipped files recorded by the last sync"
            html += " (\(escape(run.at)), \(run.workplans) workplans, \(run.changes) changes)</li>\n"
        }
        return html + "</ul></section>\n"
    }
}
