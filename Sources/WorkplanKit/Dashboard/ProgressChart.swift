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

extension DashboardSite {
    static let style = """
        :root { --done: #1b7f3b; --cancelled: #8a8a8a; --carried: #b36b00; --open: #1f5fbf; font-family: system-ui, sans-serif; }
        body { margin: 0; color: #1a1a1a; background: #fff; }
        main { max-width: 1200px; margin: 0 auto; padding: 1rem; }
        table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; }
        th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
        td i, dd i { display: inline-block; width: 8rem; height: 0.8rem; border: 1px solid #555; vertical-align: middle;
          background: linear-gradient(to right, var(--done) var(--d), var(--cancelled) var(--d) var(--e),
            #fff var(--e)); }
        tbody th { background: #f2f2f2; }
        figure { display: inline-block; width: 30rem; max-width: 100%; margin: 0 1rem 1rem 0; }
        .axis { stroke: #555; } .label { font-size: 10px; fill: #333; }
        .open-line { fill: none; stroke: var(--open); stroke-width: 2; }
        .finished-line { fill: none; stroke: var(--done); stroke-width: 2; stroke-dasharray: 2 3; }
        .open-point { fill: var(--open); } .finished-point { fill: var(--done); }
        .filter label { margin-right: 1rem; }
        code { font-size: 0.85em; word-break: break-all; }
        @media (max-width: 600px) { td i, dd i { width: 4rem; } }

        """

    static let filterScript = """
        (function () {
          var domain = document.getElementById('filter-domain');
          var status = document.getElementById('filter-status');
          var groups = document.querySelectorAll('#workstream-table tbody');
          var total = document.querySelectorAll('#workstream-table tbody tr[data-s]').length;
          var shown = document.getElementById('shown');
          function apply() {
            var count = 0;
            groups.forEach(function (group) {
              var inDomain = !domain.value || group.dataset.d === domain.value;
              var visibleRows = 0;
              group.querySelectorAll('tr[data-s]').forEach(function (row) {
                var visible = inDomain && (!status.value || row.dataset.s === status.value);
                row.hidden = !visible;
                if (visible) { visibleRows += 1; }
              });
              group.hidden = visibleRows === 0;
              count += visibleRows;
            });
            shown.textContent = count + ' of ' + total + ' workstreams shown';
          }
          domain.addEventListener('change', apply);
          status.addEventListener('change', apply);
          apply();
        })();

        """
}
