import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What `workplan dashboard` shows, read from a state store through the store protocol (so any
/// backend serves it), plus what the working tree says now.
public struct DashboardData: Sendable {
    /// Live workstreams (not removed), by id.
    public var workstreams: [WorkstreamRecord]
    /// Live tasks, in workstream then file order.
    public var tasks: [TaskRecord]
    public var dependencies: [DependencyRecord]
    public var events: [EventRecord]
    /// Workplan files whose content differs from what the last sync recorded.
    public var changedFiles: [String] = []
    /// What the last sync recorded of its run (lint errors among it).
    public var lastSync: SyncRunRecord?
    /// Every repository of the store with its counts per domain: on a hub, the others too.
    public var repositories: [RepositorySummary] = []
    /// The content hash the last sync recorded, by path.
    var recordedHashes: [String: String] = [:]

    /// Lists the files whose hash now (`files`: path and hash) differs from the recorded one.
    public mutating func noteChangedFiles(_ files: [(path: String, hash: String)]) {
        changedFiles = files.filter { recordedHashes[$0.path] != $0.hash }.map(\.path).sorted()
    }

    /// Where each workstream's tasks are in `tasks`.
    var taskRanges: [String: Range<Int>] = [:]

    public init<Tasks: Collection<TaskRecord>>(
        workstreams: [WorkstreamRecord], tasks: Tasks, dependencies: [DependencyRecord], events: [EventRecord]
    ) {
        self.workstreams = workstreams.filter { $0.removedAt == nil }.sorted { $0.id < $1.id }
        // Sorted by key, and each record copied once: 100,000 task records are costly to copy.
        let live = tasks.indices.filter { tasks[$0].removedAt == nil }
        let keys = live.map { (tasks[$0].workstreamID ?? "", tasks[$0].position ?? 0, tasks[$0].id) }
        self.tasks = keys.indices.sorted { keys[$0] < keys[$1] }.map { tasks[live[$0]] }
        var start = 0
        while start < self.tasks.count {
            let owner = self.tasks[start].workstreamID ?? ""
            var end = start + 1
            while end < self.tasks.count, self.tasks[end].workstreamID ?? "" == owner { end += 1 }
            taskRanges[owner] = start..<end
            start = end
        }
        self.dependencies = dependencies
        self.events = events
    }

    /// The tasks of a workstream, in file order.
    func tasks(of workstream: String) -> ArraySlice<TaskRecord> { tasks[taskRanges[workstream] ?? 0..<0] }

    /// Reads a store.
    public static func read(_ store: any StateStore) async throws -> DashboardData {
        try await store.read { reader in
            let snapshot = try await reader.snapshot(.everything)
            var data = DashboardData(
                workstreams: Array(snapshot.workstreams.values), tasks: snapshot.tasks.values,
                dependencies: try await reader.dependencies(), events: try await reader.events(subject: nil))
            data.lastSync = try await reader.lastSyncRun()
            data.repositories = try await reader.hubSummary()
            data.recordedHashes = try await reader.syncState().files.mapValues(\.contentHash)
            return data
        }
    }

    /// The time of the newest event: the dashboard's "now", so that the same store always gives
    /// the same pages.
    public var asOf: String? { events.map(\.at).max() }

}

/// Open and finished tasks at the end of each week, rebuilt from the events: a task counts from
/// the week it was inserted, with the status it had then (the old value of its first status
/// change, else its status now), and each status change moves it.
public struct WeeklyProgress: Sendable, Equatable {
    public struct Week: Sendable, Equatable {
        /// The Monday the week starts on, YYYY-MM-DD.
        public var start: String
        public var open: Int
        public var finished: Int
    }

    public var weeks: [Week]

    /// When each task was inserted and how its status changed, read once from the events.
    public struct Timelines: Sendable {
        var inserted: [String: Date] = [:]
        var changes: [String: [(Date, old: String, new: String)]] = [:]
        var last: Date?

        public init(_ events: [EventRecord]) {
            for event in events where event.kind.subject == .task {
                guard let date = WeeklyProgress.parse(event.at) else { continue }
                last = max(last ?? date, date)
                let change = event.kind.change
                if change == .inserted || change == .restored {
                    inserted[event.subject] = min(inserted[event.subject] ?? date, date)
                }
                // A restore changes the status too (a removed open task was cancelled): it
                // counts like any other change, or the restored task stays finished.
                if change != .inserted, event.detail.contains("\"status\""),
                    let (old, new) = WeeklyProgress.statusChange(event.detail)
                {
                    changes[event.subject, default: []].append((date, old, new))
                }
            }
        }
    }

    public init(tasks: [TaskRecord], events: [EventRecord]) {
        self.init(tasks: tasks, timelines: Timelines(events))
    }

    public init<Tasks: Collection<TaskRecord>>(tasks: Tasks, timelines: Timelines) {
        self = Self.grouped(tasks, timelines: timelines) { _ in "" }.all
    }

    /// The progress of all `tasks` and of each group `group` puts them in, in one pass: each
    /// task is looked up once and adds to the week it was inserted and to the weeks its status
    /// changed; the counts are running sums of those. A group's weeks start at its first task.
    static func grouped<Tasks: Collection<TaskRecord>>(
        _ tasks: Tasks, timelines: Timelines, group: (TaskRecord) -> String
    ) -> (all: WeeklyProgress, groups: [String: WeeklyProgress]) {
        guard let last = timelines.last, let first = tasks.lazy.compactMap({ timelines.inserted[$0.id] }).min()
        else { return (WeeklyProgress(weeks: []), [:]) }
        let origin = monday(of: first)
        let weekCount = Int(last.timeIntervalSince(origin) / (7 * 86_400)) + 1
        func week(_ date: Date) -> Int { max(0, Int(date.timeIntervalSince(origin) / (7 * 86_400))) }
        var all = WeekDeltas(weekCount)
        var groups: [String: WeekDeltas] = [:]
        for task in tasks {
            guard let born = timelines.inserted[task.id] else { continue }
            let bornWeek = week(born)
            guard bornWeek < weekCount else { continue }
            let history = timelines.changes[task.id] ?? []
            // Its status at the end of its first week, then each later change.
            var status = history.first?.old ?? task.status
            var moves: [(Int, String)] = []
            for change in history {
                let changeWeek = week(change.0)
                if changeWeek <= bornWeek { status = change.new } else { moves.append((changeWeek, change.new)) }
            }
            let key = group(task)
            var deltas = groups[key] ?? WeekDeltas(weekCount)
            deltas.firstWeek = min(deltas.firstWeek, bornWeek)
            all.add(status, bornWeek, 1)
            deltas.add(status, bornWeek, 1)
            for (moveWeek, new) in moves where moveWeek < weekCount {
                all.add(status, moveWeek, -1)
                deltas.add(status, moveWeek, -1)
                all.add(new, moveWeek, 1)
                deltas.add(new, moveWeek, 1)
                status = new
            }
            groups[key] = deltas
        }
        let starts = (0..<weekCount).map { day(origin.addingTimeInterval(Double($0) * 7 * 86_400)) }
        func progress(_ deltas: WeekDeltas, from firstWeek: Int) -> WeeklyProgress {
            var (open, finished) = (0, 0)
            var weeks: [Week] = []
            for index in 0..<weekCount {
                open += deltas.open[index]
                finished += deltas.finished[index]
                if index >= firstWeek { weeks.append(Week(start: starts[index], open: open, finished: finished)) }
            }
            return WeeklyProgress(weeks: weeks)
        }
        let firstWeek = groups.values.map(\.firstWeek).min() ?? 0
        return (progress(all, from: firstWeek), groups.mapValues { progress($0, from: $0.firstWeek) })
    }

    init(weeks: [Week]) { self.weeks = weeks }

    static func statusChange(_ detail: String) -> (String, String)? {
        guard let change = EventDetail(json: detail)?.change(of: "status"), let old = change.old,
            let new = change.new
        else { return nil }
        return (old, new)
    }

    /// Parses the `YYYY-MM-DDTHH:MM:SSZ` times the store writes (a formatter per event was most
    /// of a 10,000-workplan dashboard's time).
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[4] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T") else { return nil }
        func number(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for byte in bytes[start..<start + count] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2), (1...12).contains(month)
        else { return nil }
        // Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second))
    }

    static func monday(of date: Date) -> Date {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let start = calendar.startOfDay(for: date)
        let weekday = calendar.component(.weekday, from: start)  // 1 = Sunday
        return start.addingTimeInterval(-Double((weekday + 5) % 7) * 86_400)
    }

    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }
}

extension DashboardSite {
    /// Writes the site into `folder`: `index.html`, `style.css` and `w/*.html`, after removing
    /// the pages of an earlier run that this one does not write. Each batch of pages is written
    /// (a child task) while the next one is built.
    public func write(to folder: String) async throws {
        let manager = FileManager.default
        let pages = folder + "/w"
        try manager.createDirectory(atPath: pages, withIntermediateDirectories: true)
        let names = Set(data.workstreams.map { Self.fileName($0.id) })
        for old in (try? manager.contentsOfDirectory(atPath: pages)) ?? [] where old.hasSuffix(".html") {
            if !names.contains(old) { try manager.removeItem(atPath: pages + "/" + old) }
        }
        let renderer = PageRenderer(self)
        var failure: String?
        // One writer at a time: creating files in one folder from several threads contends on it.
        var built: [(String, String)] = []
        for batch in renderer.batches(of: 1000) {
            async let written = Self.write(built, into: folder)
            let next = renderer.render(batch)
            if let problem = await written { failure = failure ?? problem }
            built = next
        }
        if let problem = Self.write(built, into: folder) { failure = failure ?? problem }
        if let failure { throw StoreError.database("cannot write \(failure)") }
    }

    /// Writes files into `folder`; the first failure, if any. A page whose bytes are already
    /// there is not written again. Others are unlinked first and created anew: truncating a file
    /// in place makes ext4 flush it to disk at once (its replace-by-truncate heuristic), which
    /// was a tenth of a 10,000-page run.
    static func write(_ files: [(String, String)], into folder: String) -> String? {
        for (path, text) in files {
            let full = folder + "/" + path
            var text = text
            let failure = text.withUTF8 { bytes -> String? in
                if case .success(let existing) = FileReader.read(full, maxBytes: bytes.count + 1),
                    existing.count == bytes.count, existing.elementsEqual(bytes)
                {
                    return nil
                }
                unlink(full)
                let descriptor = open(full, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
                guard descriptor >= 0 else { return "\(path): \(String(cString: strerror(errno)))" }
                defer { close(descriptor) }
                var offset = 0
                while offset < bytes.count {
                    let count = Glibc.write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                    if count < 0, errno == EINTR { continue }
                    if count <= 0 { return "\(path): \(String(cString: strerror(errno)))" }
                    offset += count
                }
                return nil
            }
            if let failure { return failure }
        }
        return nil
    }
}

/// A group's change in open and finished tasks at each week, and its first week.
private struct WeekDeltas {
    var open: [Int]
    var finished: [Int]
    var firstWeek = Int.max

    init(_ count: Int) { (open, finished) = (Array(repeating: 0, count: count), Array(repeating: 0, count: count)) }

    mutating func add(_ status: String, _ week: Int, _ sign: Int) {
        if TaskStatus.isOpen(status) { open[week] += sign } else { finished[week] += sign }
    }
}
