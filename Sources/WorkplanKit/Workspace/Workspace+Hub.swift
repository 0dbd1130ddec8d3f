import Foundation

/// The use cases of a hub's owner: `hub init`, `hub repos`, `hub forget`.
extension Workspace {
    /// `hub init`: creates or migrates the hub's schema; with `roles`, the writer and reader roles.
    public func hubInit(roles: Bool) async throws(StoreError) -> HubInitReport {
        try await StoreError.wrapping { try await store.hubBackend().initialize(store.location, roles: roles) }
    }

    /// `hub repos`: every repository of the hub.
    public func hubRepositories() async throws(StoreError) -> HubSummary {
        try await StoreError.wrapping {
            _ = try store.hubBackend()
            let repositories = try await store.openToRead().read { try await $0.hubSummary() }
            return HubSummary(store: store.location.display, repositories: repositories)
        }
    }

    /// `hub forget`: removes every row of `repository` from the hub, recorded in its audit table.
    public func hubForget(_ repository: String) async throws(StoreError) -> ForgetReport {
        let run = runOrigin().record(.cleanup, at: now())
        return try await StoreError.wrapping {
            try await store.hubBackend().forget(repository, at: store.location, run: run)
        }
    }
}
