#if MCP
    import MCP

    extension WorkplanTools {
        /// The tools, with JSON Schemas of their arguments.
        static let definitions: [Tool] = [
            tool(
                "list_workplans",
                "The workplans under the configured folders: id, title, status, domain, path, task counts; "
                    + "a page at a time (`next` is the cursor of the following page).",
                paging.merging(["domain": string("Only this domain.")]) { $1 }, readOnly: true),
            tool(
                "list_domains",
                "The declared domains and the slugs in use (as `workplan domain list --format json`): slug, name, "
                    + "description, status, whether declared, workstreams (active and all), open and done tasks. "
                    + "With hub, every repository of the PostgreSQL hub merged (as `domain list --hub`).",
                ["hub": boolean("Across every repository of the hub, from what their syncs recorded.")], readOnly: true),
            tool(
                "show_workplan", "One workplan's parsed model (as `workplan show --format json`).",
                ["id": string("A workplan id or a file path.")], required: ["id"], readOnly: true),
            tool(
                "ready_tasks",
                "Open (todo) tasks of active workplans whose dependencies are finished, by priority then file order, "
                    + "a page at a time. With hub, every repository of the PostgreSQL hub, dependencies followed "
                    + "across repositories (as `workplan ready --hub` and the read API's `ready=true`).",
                paging.merging([
                    "domain": string("Only this domain."), "workplan": string("Only this workplan."),
                    "hub": boolean("Across every repository of the hub."),
                ]) { $1 }, readOnly: true),
            tool(
                "lint", "Lint the workplans, or only the given files (as `workplan lint --format json`).",
                ["paths": strings("Files or folders (default: the configured folders).")], readOnly: true),
            tool(
                "add_task", "Add a task with the next id at the end of a phase; returns the file's new SHA-256.",
                writeArguments.merging([
                    "workplan": string("The workplan id."), "title": string("The task's title."),
                    "phase": string("The phase heading (default: the last phase with a task; new if none matches)."),
                    "priority": string("critical, high, medium (default) or low."),
                    "status": string("The initial status (default todo)."),
                    "depends_on": strings("Task ids it depends on."),
                    "description": string("Text below the task block."),
                    "force": boolean("Add to a completed or archived workplan."),
                    "if_status": string("Write only if the workplan's status is still this."),
                ]) { $1 }, required: ["workplan", "title"]),
            tool(
                "set_task_status", "Set a task's status in its file; returns the file's new SHA-256.",
                writeArguments.merging([
                    "task": string("The task id."),
                    "status": string("todo, in_progress, blocked, done, cancelled or carried_forward."),
                    "carried_to": string("With carried_forward: the task it was carried to."),
                    "force": boolean("Reopen a task of a completed or archived workplan."),
                    "if_status": string("Write only if the task's status is still this."),
                ]) { $1 }, required: ["task", "status"]),
            tool(
                "set_task_priority", "Set a task's priority in its file; returns the file's new SHA-256.",
                writeArguments.merging([
                    "task": string("The task id."), "priority": string("critical, high, medium or low."),
                    "if_status": string("Write only if the task's status is still this."),
                ]) { $1 }, required: ["task", "priority"]),
            tool(
                "close_workplan",
                "The Workstream Closure Protocol: classify every task, write the Closure Review, mark the workplan completed.",
                writeArguments.merging([
                    "workplan": string("The workplan id."), "date": string("The closure date, YYYY-MM-DD."),
                    "cancel_open": boolean("Cancel the open tasks."),
                    "carry_forward_to": string("Carry the open tasks into this workplan."),
                    "if_status": string("Write only if the workplan's status is still this."),
                ]) { $1 }, required: ["workplan"]),
            tool(
                "sync", "Reconcile every workplan into the state store (as `workplan sync --format json`).",
                ["dry_run": boolean("Report what would change; write nothing.")]),
        ]

        /// The arguments of a paged list.
        private static let paging: [String: Value] = [
            "limit": .object([
                "type": .string("integer"), "minimum": .int(1), "maximum": .int(500),
                "description": .string("Items per page (default 100)."),
            ]),
            "cursor": string("The `next` of the previous page."),
        ]

        /// The arguments every write tool takes.
        private static let writeArguments: [String: Value] = [
            "if_hash": string("Write only if the file's SHA-256 is still this (from an earlier result, or sha256sum)."),
            "dry_run": boolean("Return the unified diff; write nothing."),
        ]

        /// Writes that change nothing more when repeated with the same arguments (`add_task` adds
        /// another task each time).
        private static let idempotentWrites: Set<String> = [
            "set_task_status", "set_task_priority", "close_workplan", "sync",
        ]

        /// A tool; `readOnly` ones change nothing (annotated so), the others write files and the
        /// store, never destructively (compare-and-set, atomic).
        private static func tool(
            _ name: String, _ description: String, _ properties: [String: Value], required: [String] = [],
            readOnly: Bool = false
        ) -> Tool {
            Tool(
                name: name, description: description,
                inputSchema: .object([
                    "type": .string("object"), "properties": .object(properties),
                    "required": .array(required.map(Value.string)), "additionalProperties": .bool(false),
                ]),
                annotations: Tool.Annotations(
                    readOnlyHint: readOnly, destructiveHint: readOnly ? nil : false,
                    idempotentHint: readOnly || Self.idempotentWrites.contains(name), openWorldHint: false))
        }

        private static func string(_ description: String) -> Value {
            .object(["type": .string("string"), "description": .string(description)])
        }

        private static func boolean(_ description: String) -> Value {
            .object(["type": .string("boolean"), "description": .string(description)])
        }

        private static func strings(_ description: String) -> Value {
            .object([
                "type": .string("array"), "items": .object(["type": .string("string")]),
                "description": .string(description),
            ])
        }
    }
#endif
