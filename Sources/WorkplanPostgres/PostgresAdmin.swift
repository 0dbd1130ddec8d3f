#if PostgreSQL
    import Foundation
    import PostgresNIO
    import WorkplanKit

    /// What a hub's owner does: `workplan hub init` (the schema, and the roles with exactly their
    /// rights) and `workplan hub forget` (a repository's rows, recorded in `hub_audit`).
    enum PostgresAdmin {
        /// The role sync and the task commands need: rows in and out, no DDL.
        static let writer = "workplan_writer"
        /// The role status, the dashboard and the server need: reading only.
        static let reader = "workplan_reader"

        /// The tables sync writes (the writer may change their rows).
        static let writtenTables = [
            "repositories", "workstreams", "tasks", "domains", "dependencies", "events", "files",
            "edited_workstreams", "sync_runs", "runs", "domain_registry",
        ]
        /// The tables and views the reader and the writer read.
        static let readTables =
            writtenTables + [
                "workplan_schema", "hub_audit", "open_tasks", "workstream_progress", "domain_summary",
            ]

        static func initialize(_ session: PostgresSession, display: String, roles: Bool) async throws -> HubInitReport {
            let before = try await session.schemaVersions()
            if before != nil { try await refuseUnlessOwner(session) }
            try await PostgresSchema.check(session, display: display, mode: .migrate)
            let after = try await session.schemaVersions() ?? []
            var report = HubInitReport(
                migrations: after.filter { !(before ?? []).contains($0) }, createdRoles: [], grantedRoles: [])
            guard roles else { return report }
            try await session.execute("BEGIN")
            do {
                for role in [writer, reader] {
                    let exists =
                        try await session.query("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = \(role))")
                        .first?.decode(Bool.self) ?? false
                    if !exists {
                        // Group roles: people and services log in as roles granted one of them.
                        try await session.execute(PostgresQuery(unsafeSQL: "CREATE ROLE \(role) NOLOGIN"))
                        report.createdRoles.append(role)
                    }
                }
                for statement in grants {
                    try await session.execute(PostgresQuery(unsafeSQL: statement))
                }
                try await session.execute("COMMIT")
            } catch {
                try? await session.execute("ROLLBACK")
                throw error
            }
            report.grantedRoles = [writer, reader]
            return report
        }

        /// `hub init` changes a schema only as its owner (or a superuser): grants by anyone else
        /// would be skipped with a mere warning.
        private static func refuseUnlessOwner(_ session: PostgresSession) async throws {
            let row = try await session.query(
                """
                SELECT t.tableowner::text, current_user::text,
                       pg_has_role(current_user, t.tableowner, 'MEMBER')
                       OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
                FROM pg_tables t WHERE t.tablename = 'workplan_schema' AND t.schemaname = current_schema()
                """
            ).first
            guard let row else { return }
            let (owner, user, allowed) = try row.decode((String, String, Bool).self)
            if !allowed {
                throw StoreError.refused(
                    "hub init needs the hub's owner: its tables belong to \(owner), and this is \(user) (docs/hub.md)")
            }
        }

        /// The grants, from fixed names only: the writer reads everything and changes the rows of
        /// the tables sync writes; the reader reads. Neither may create, alter or drop anything.
        static var grants: [String] {
            let read = readTables.joined(separator: ", ")
            let written = writtenTables.joined(separator: ", ")
            return [
                "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
                "GRANT USAGE ON SCHEMA public TO \(writer), \(reader)",
                "GRANT SELECT ON \(read) TO \(writer), \(reader)",
                "GRANT INSERT, UPDATE, DELETE ON \(written) TO \(writer)",
                "GRANT USAGE, SELECT ON SEQUENCE events_id_seq, runs_id_seq, workplan_changes TO \(writer)",
                "GRANT SELECT ON SEQUENCE workplan_changes TO \(reader)",
            ]
        }

        static func forget(
            _ repository: String, in session: PostgresSession, run: RunRecord
        ) async throws -> ForgetReport {
            try await session.execute("BEGIN")
            do {
                try await session.execute(
                    "SELECT pg_advisory_xact_lock(hashtextextended('workplan:' || \(repository), 0))")
                let known =
                    try await session.query("SELECT EXISTS (SELECT 1 FROM repositories WHERE name = \(repository))")
                    .first?.decode(Bool.self) ?? false
                guard known else {
                    let names = try await session.query("SELECT name FROM repositories ORDER BY name COLLATE \"C\"")
                        .map { try $0.decode(String.self) }
                    throw StoreError.refused(
                        "the hub has no repository '\(repository)'; it has: "
                            + (names.isEmpty ? "none" : names.joined(separator: ", ")))
                }
                var rows: [String: Int] = [:]
                // Children first: events reference runs, tasks reference workstreams.
                for table in [
                    "events", "runs", "dependencies", "tasks", "workstreams", "domains", "domain_registry", "files",
                    "edited_workstreams", "sync_runs", "repositories",
                ] {
                    let column = table == "repositories" ? "name" : "repository"
                    let count =
                        try await session.query(
                            PostgresQuery(
                                unsafeSQL: "WITH gone AS (DELETE FROM \(table) WHERE \(column) = $1 RETURNING 1) "
                                    + "SELECT COUNT(*) FROM gone", binds: try binds(repository))
                        ).first?.decode(Int64.self) ?? 0
                    rows[table] = Int(count)
                }
                let detail = try PostgresSession.json(AuditDetail(rows: rows, host: run.host, tool: run.tool))
                try await session.execute(
                    """
                    INSERT INTO hub_audit (at, action, repository, actor, detail)
                    VALUES (\(run.at), 'forget', \(repository), \(run.actor), \(detail))
                    """)
                try await session.execute("COMMIT")
                return ForgetReport(repository: repository, rows: rows)
            } catch {
                try? await session.execute("ROLLBACK")
                throw error
            }
        }

        /// What `hub_audit` records of a removal, beside who did it.
        private struct AuditDetail: Encodable {
            var rows: [String: Int]
            var host: String
            var tool: String
        }

        private static func binds(_ value: String) throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(value)
            return bindings
        }
    }
#endif
