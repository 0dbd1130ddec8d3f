import Foundation

/// The read API's copy of the store: one store kept open, its rows read into a `ReadModel` and
/// read again when the store's change token moves. The token is asked at most once per
/// `interval`, so an answer is at most that much behind the store; concurrent requests share
/// one reload.
public actor ReadCache {
    private let store: any StateStore
    private let interval: Duration
    private let clock = ContinuousClock()
    private var model: ReadModel?
    private var checked: ContinuousClock.Instant?
    private var reloading: Task<ReadModel, any Error>?
    /// Time spent in store queries, for `/metrics`.
    public private(set) var storeSeconds = 0.0
    public private(set) var storeQueries = 0

    /// The name a file store's one repository is shown under (its rows have none).
    private let localName: String

    public init(store: any StateStore, localName: String = "", interval: Duration = .milliseconds(500)) {
        self.store = store
        self.localName = localName
        self.interval = interval
    }

    /// The current model: the cached one while the token was checked less than `interval` ago
    /// or has not moved; else the store read again.
    public func current() async throws -> ReadModel {
        if let model, let checked, clock.now - checked < interval { return model }
        if let reloading { return try await reloading.value }
        let task = Task { [store, model, localName] () throws -> ReadModel in
            let token = try await store.read { try await $0.changeToken() }
            if let model, model.token == token { return model }
            let rows = try await store.read { try await $0.readRows() }
            return ReadModel(rows.naming("", localName), token: token)
        }
        reloading = task
        let started = clock.now
        defer { reloading = nil }
        let fresh = try await task.value
        count(since: started)
        model = fresh
        checked = clock.now
        return fresh
    }

    /// The history feed, straight from the store.
    public func events(_ query: EventQuery) async throws -> [FeedEvent] {
        let started = clock.now
        defer { count(since: started) }
        var query = query
        if !localName.isEmpty, query.repository == localName { query.repository = "" }
        let feed = try await store.read { [query] in try await $0.eventFeed(query) }
        guard !localName.isEmpty else { return feed }
        return feed.map { event in
            var named = event
            if named.repository.isEmpty { named.repository = localName }
            return named
        }
    }

    /// Whether the store answers (`/healthz`).
    public func healthy() async -> Bool {
        (try? await store.read { try await $0.changeToken() }) != nil
    }

    private func count(since started: ContinuousClock.Instant) {
        let elapsed = clock.now - started
        storeSeconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        storeQueries += 1
    }
}
