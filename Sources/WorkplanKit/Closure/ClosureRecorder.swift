import Foundation

extension SyncEngine {
    /// After a closure was written: when a store exists, syncs the changed files exactly as
    /// `sync` would and records one `closure` event. Returns nil when there is no store.
    public func recordClosure(_ plan: ClosurePlan, now: String) async throws(SyncError) -> SyncReport? {
        let location = storeLocation(SyncOptions())
        guard StateStores.exists(location) else { return nil }
        var options = SyncOptions()
        options.paths = plan.changes.map(\.absolutePath)
        let report = try await run(options)
        struct Detail: Encodable {
            var date: String
            var outcome: String
            var cancelled: [String]
            var carried: [String: String]
        }
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let detail = Detail(
                date: plan.date, outcome: plan.outcome, cancelled: plan.cancelled,
                carried: Dictionary(plan.carried.map { ($0.from, $0.to) }, uniquingKeysWith: { first, _ in first }))
            let event = EventRecord(
                id: nil, at: now, kind: "closure", subject: plan.workplanID,
                detail: String(decoding: try encoder.encode(detail), as: UTF8.self))
            try StateStores.open(location).write { store in try store.recordEvent(event) }
        } catch {
            throw .database(StoreError.message(error))
        }
        return report
    }
}
