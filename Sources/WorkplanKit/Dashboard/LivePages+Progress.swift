import Foundation

extension ReadModel {
    /// Open and finished tasks at the end of each week, from the workplans' own dates, so that a
    /// hub synced yesterday shows the months before it: a task counts from its workstream's
    /// `created`; a finished one (done, cancelled, carried forward) stops being open at its
    /// workstream's `completed`, else its `updated`, else its `created`. Only live rows count,
    /// so a task that was removed and came back counts once, as it is now. The last `weeks`
    /// weeks up to `now` (YYYY-MM-DD).
    func datedProgress(_ workstreams: [Int], now: String, weeks: Int = 26) -> WeeklyProgress {
        guard let today = LivePages.day(now) else { return WeeklyProgress(weeks: []) }
        let week = 7 * 86_400
        let end = Int(WeeklyProgress.monday(of: Date(timeIntervalSince1970: Double(today))).timeIntervalSince1970)
        let start = end - (weeks - 1) * week
        var opened = [Int](repeating: 0, count: weeks)
        var finished = [Int](repeating: 0, count: weeks)
        func slot(_ day: Int) -> Int? { day > end + week - 1 ? nil : max(0, (day - start) / week) }
        for index in workstreams {
            let row = rows.workstreams[index]
            guard let created = row.record.created.flatMap(LivePages.day) else { continue }
            let closedOn =
                [row.record.completed, row.record.updated].compactMap { $0.flatMap(LivePages.day) }.first ?? created
            for task in tasksOfWorkstream[Self.key(row.repository, row.record.id)] ?? [] {
                guard let status = TaskStatus(rawValue: rows.tasks[task].record.status) else { continue }
                if let slot = slot(created) { opened[slot] += 1 }
                if !status.isOpen, let slot = slot(max(closedOn, created)) { finished[slot] += 1 }
            }
        }
        var result: [WeeklyProgress.Week] = []
        var (openedSoFar, finishedSoFar) = (0, 0)
        for index in 0..<weeks {
            openedSoFar += opened[index]
            finishedSoFar += finished[index]
            let monday = Date(timeIntervalSince1970: Double(start + index * week))
            result.append(
                WeeklyProgress.Week(
                    start: WeeklyProgress.day(monday), open: openedSoFar - finishedSoFar, finished: finishedSoFar))
        }
        // Weeks before the first task are left out.
        return WeeklyProgress(weeks: Array(result.drop { $0.open == 0 && $0.finished == 0 }))
    }
}

extension LivePages {
    /// The chart of the filtered workstreams' tasks, week by week.
    func progressFigure(_ workstreams: [Int], now: String) -> String {
        let progress = model.datedProgress(workstreams, now: now)
        guard !progress.weeks.isEmpty else { return "" }
        return "<figure id=\"progress\">" + ProgressChart(progress, title: "Open and finished tasks").svg()
            + "<figcaption>Open and finished tasks at the end of each week, from the workplans' created and "
            + "completed dates.</figcaption></figure>\n"
    }
}
