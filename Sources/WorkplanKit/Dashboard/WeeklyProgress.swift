import Foundation

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
