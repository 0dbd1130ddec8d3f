import Foundation

/// The daily cleanup: open tasks that exist only in the store, in closed workstreams, are cancelled.
public struct StaleCleanup: Sendable {
    /// What a run did.
    public struct Report: Encodable, Sendable {
        public var cancelled: [String]
        public var dryRun: Bool

        enum CodingKeys: String, CodingKey {
            case cancelled
            case dryRun = "dry_run"
        }

        /// One line.
        public var summary: String {
            let verb = dryRun ? "would cancel" : "cancelled"
            return "\(verb) \(cancelled.count) stale \(cancelled.count == 1 ? "task" : "tasks")"
                + (cancelled.isEmpty ? "" : ": " + cancelled.joined(separator: ", "))
        }
    }

    /// The detail of a `cleanup` event.
    struct Detail: Encodable {
        var count: Int
        var tasks: [String]
    }

    /// Cancels database-only open tasks of completed or archived workstreams and records one
    /// `cleanup` event with what it did (also when there was nothing to do).
    public static func run(
        _ store: StoreAccess, dryRun: Bool, now: String, origin: RunOrigin
    ) async throws(StoreError) -> Report {
        guard store.mayExist else { throw .missing(store.location.display) }
        return try await StoreError.wrapping {
            if dryRun {
                let ids = try await store.openExisting()?.read { try await $0.staleTaskIDs() } ?? []
                return Report(cancelled: ids, dryRun: true)
            }
            return try await store.open().write { transaction in
                let run = try await transaction.beginRun(origin.record(.cleanup, at: now), claim: nil)
                let ids = try await transaction.staleTaskIDs()
                try await transaction.cancelTasks(ids, at: now)
                let encoder = JSONEncoder()
                encoder.outputFormatting = .sortedKeys
                let detail = String(decoding: try encoder.encode(Detail(count: ids.count, tasks: ids)), as: UTF8.self)
                try await transaction.recordEvent(
                    EventRecord(at: now, kind: .cleanup, subject: "cleanup-stale", detail: detail, run: run))
                return Report(cancelled: ids, dryRun: false)
            }
        }
    }
}
