/// An SVG line chart of open and finished tasks per week, with its numbers in a title and a
/// table-like description for screen readers; colour is never the only signal (the lines are
/// dashed differently and labelled).
struct ProgressChart {
    let progress: WeeklyProgress
    let title: String

    init(_ progress: WeeklyProgress, title: String) {
        self.progress = progress
        self.title = title
    }

    func svg() -> String {
        let weeks = progress.weeks
        let width = 480
        let height = 160
        let top = max(1, weeks.map { max($0.open, $0.finished) }.max() ?? 1)
        func x(_ index: Int) -> Int { weeks.count < 2 ? width / 2 : 40 + index * (width - 60) / (weeks.count - 1) }
        func y(_ value: Int) -> Int { height - 24 - value * (height - 44) / top }
        func line(_ values: [Int]) -> String {
            zip(values.indices, values).map { "\(x($0)),\(y($1))" }.joined(separator: " ")
        }
        let summary =
            weeks.last.map { "week of \($0.start): \($0.open) open, \($0.finished) finished" } ?? "no events yet"
        var svg =
            "<svg role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" aria-label=\"\(escape(title)): \(escape(summary))\">"
        svg += "<title>\(escape(title)): \(escape(summary))</title>"
        svg += "<line x1=\"40\" y1=\"\(height - 24)\" x2=\"\(width - 20)\" y2=\"\(height - 24)\" class=\"axis\"/>"
        svg +=
            "<text x=\"4\" y=\"\(y(top) + 4)\" class=\"label\">\(top)</text><text x=\"4\" y=\"\(height - 20)\" class=\"label\">0</text>"
        if let first = weeks.first, let last = weeks.last {
            svg += "<text x=\"40\" y=\"\(height - 6)\" class=\"label\">\(first.start)</text>"
            svg +=
                "<text x=\"\(width - 20)\" y=\"\(height - 6)\" class=\"label\" text-anchor=\"end\">\(last.start)</text>"
            svg += "<polyline points=\"\(line(weeks.map(\.open)))\" class=\"open-line\"/>"
            svg += "<polyline points=\"\(line(weeks.map(\.finished)))\" class=\"finished-line\"/>"
            for (index, week) in weeks.enumerated() {
                svg += "<circle cx=\"\(x(index))\" cy=\"\(y(week.open))\" r=\"3\" class=\"open-point\"/>"
                svg +=
                    "<rect x=\"\(x(index) - 3)\" y=\"\(y(week.finished) - 3)\" width=\"6\" height=\"6\" class=\"finished-point\"/>"
            }
            svg +=
                "<text x=\"\(width - 20)\" y=\"14\" class=\"label\" text-anchor=\"end\">● open (\(last.open))  ■ finished (\(last.finished))</text>"
        }
        return svg + "</svg>"
    }
}
