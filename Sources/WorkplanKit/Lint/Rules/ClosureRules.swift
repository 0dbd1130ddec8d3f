/// Rules of the Workstream Closure Protocol.
enum ClosureRules {
    static let openTaskInClosedWorkplan = Rule(
        id: .openTaskInClosedWorkplan,
        summary: "a completed or archived workplan still has a todo, in_progress or blocked task",
        triggering: [RuleExample(Sample.frontMatter(status: "archived") + Sample.task(status: "↓in_progress"))],
        nonTriggering: [RuleExample(Sample.frontMatter(status: "archived") + Sample.task(status: "cancelled"))]
    ) { context in
        guard let status = context.workplan.status, status.isClosed else { return [] }
        return context.workplan.tasks.compactMap { task in
            guard let taskStatus = task.status, taskStatus.isOpen, let scalar = task.fields?["status"]?.value.scalar
            else { return nil }
            return Finding(
                rule: .openTaskInClosedWorkplan, at: scalar.location,
                "task \(task.id ?? "") is \(taskStatus.rawValue) but the workplan is \(status.rawValue): finish, cancel or carry it forward"
            )
        }
    }

    static let missingClosureReview = Rule(
        id: .missingClosureReview,
        summary: "a completed workplan has no `## Closure Review` section",
        triggering: [
            RuleExample(Sample.frontMatter(status: "↓completed", "completed: 2026-02-01") + Sample.task(status: "done"))
        ],
        nonTriggering: [RuleExample(Sample.completed)]
    ) { context in
        guard context.workplan.status == .completed, context.workplan.closureReview == nil,
            let scalar = context.workplan.frontMatter?["status"]?.value.scalar
        else { return [] }
        return [
            Finding(
                rule: .missingClosureReview, at: scalar.location,
                "completed workplan has no Closure Review section: run 'workplan close \(context.workplan.id ?? "ID")'")
        ]
    }

    static let closureReviewMismatch = Rule(
        id: .closureReviewMismatch,
        summary: "a Closure Review lists a task that does not exist or whose status disagrees with its list",
        triggering: [
            RuleExample(
                Sample.completed.replacingOccurrences(of: "### Completed\n- TEST", with: "### Cancelled\n- ↓TEST")),
            RuleExample(Sample.completed + "- ↓TEST-WP-0001-T09 — Missing\n"),
        ],
        nonTriggering: [RuleExample(Sample.completed)]
    ) { context in
        guard let review = context.workplan.closureReview else { return [] }
        let statuses = Dictionary(
            context.workplan.tasks.compactMap { task in task.id.map { ($0, task.statusText ?? "") } },
            uniquingKeysWith: { first, _ in first })
        return review.items.compactMap { item in
            guard let status = statuses[item.taskID] else {
                return Finding(
                    rule: .closureReviewMismatch, at: item.location,
                    "Closure Review lists \(item.taskID), which is not a task of this workplan")
            }
            guard status != item.classification.status.rawValue else { return nil }
            return Finding(
                rule: .closureReviewMismatch, at: item.location,
                "\(item.taskID) is listed under \(item.classification.rawValue) but its status is '\(status)'")
        }
    }

    static let readyToClose = Rule(
        id: .readyToClose,
        summary: "every task is done, cancelled or carried forward but the workplan is still active",
        severity: .note,
        triggering: [RuleExample(Sample.frontMatter(status: "↓active") + Sample.task(status: "done"))],
        nonTriggering: [RuleExample(Sample.frontMatter(status: "active") + Sample.task(status: "todo"))]
    ) { context in
        let workplan = context.workplan
        guard workplan.status == .active, !workplan.tasks.isEmpty,
            workplan.tasks.allSatisfy({ $0.status.map { !$0.isOpen } ?? false }),
            let scalar = workplan.frontMatter?["status"]?.value.scalar
        else { return [] }
        return [
            Finding(
                rule: .readyToClose, at: scalar.location,
                "every task is finished: close the workplan with 'workplan close \(workplan.id ?? "ID")'")
        ]
    }
}
