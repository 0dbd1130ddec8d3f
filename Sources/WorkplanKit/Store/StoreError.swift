import Foundation

/// Why the store could not be read or changed.
public enum StoreError: LocalizedError, Sendable {
    case missing(String)
    case database(String)
    /// A hub that refuses this writer (undeclared identity, another branch, a stale tree, a
    /// role without the rights): nothing was changed.
    case refused(String)

    public var errorDescription: String? {
        switch self {
        case .missing(let path): "no state store at \(path): run 'workplan sync' first"
        case .database(let message): "state store: \(message)"
        case .refused(let message): "hub refused the run: \(message)"
        }
    }

    /// Any error as the text of a `database` message: a store error's own text, others as they print.
    public static func message(_ error: any Error) -> String {
        switch error as? StoreError {
        case .database(let message): message
        case .refused(let message): "hub refused the run: \(message)"
        case .missing(let location): "no state store at \(location): run 'workplan sync' first"
        case nil: (error as? LocalizedError)?.errorDescription ?? "\(error)"
        }
    }

    /// Runs store work; a failure that is not a `StoreError` already becomes a `database` one.
    public static func wrapping<T>(_ body: () async throws -> T) async throws(StoreError) -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(message(error))
        }
    }
}
