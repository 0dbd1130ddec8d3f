#if HTTP
    import Synchronization

    /// The answers already given for the store's current state, by request: a store's state is
    /// named by its change token, so an answer is reused until the token moves. Bounded in bytes
    /// (32 MiB of bodies): when full, it starts over.
    final class AnswerCache: Sendable {
        private struct State {
            var token = ""
            var answers: [String: Answer] = [:]
            var bytes = 0
        }

        private let state = Mutex(State())
        private let capacity: Int

        init(capacity: Int = 32 << 20) { self.capacity = capacity }

        /// The key of a request: its path and its parameters in order of name.
        static func key(_ call: Call) -> String {
            call.path + "?"
                + call.query.sorted { $0.name < $1.name }.map { $0.name + "=" + $0.value }.joined(separator: "&")
        }

        func answer(for key: String, token: String) -> Answer? {
            state.withLock { $0.token == token ? $0.answers[key] : nil }
        }

        func keep(_ answer: Answer, for key: String, token: String) {
            state.withLock { state in
                if state.token != token || state.bytes + answer.body.count > capacity {
                    state.token = token
                    state.answers.removeAll(keepingCapacity: true)
                    state.bytes = 0
                }
                state.answers[key] = answer
                state.bytes += answer.body.count
            }
        }
    }

    /// Requests being answered, by key: a second request for the same answer waits for the first
    /// instead of rendering it again (after a change of the store, every connection asks at once).
    actor InFlight {
        private var running: [String: Task<Answer, any Error>] = [:]

        func answer(_ key: String, _ make: @escaping @Sendable () async throws -> Answer) async throws -> Answer {
            if let task = running[key] { return try await task.value }
            let task = Task { try await make() }
            running[key] = task
            defer { running[key] = nil }
            return try await task.value
        }
    }
#endif
