#if HTTP
    import Synchronization
    import WorkplanKit

    /// What `/metrics` reports, in Prometheus' text format: requests by route and status, their
    /// latency as a histogram per route, and the time spent in store queries.
    final class Metrics: Sendable {
        static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

        private struct Histogram {
            var counts = [Int](repeating: 0, count: Metrics.buckets.count)
            var sum = 0.0
            var count = 0
        }

        private struct State {
            var requests: [String: Int] = [:]
            var latency: [String: Histogram] = [:]
        }

        private let state = Mutex(State())

        func record(route: String, status: Int, seconds: Double) {
            state.withLock { state in
                state.requests["route=\"\(route)\",status=\"\(status)\"", default: 0] += 1
                var histogram = state.latency[route] ?? Histogram()
                for (index, bound) in Self.buckets.enumerated() where seconds <= bound { histogram.counts[index] += 1 }
                histogram.sum += seconds
                histogram.count += 1
                state.latency[route] = histogram
            }
        }

        func text(cache: ReadCache) async -> String {
            let (storeSeconds, storeQueries) = (await cache.storeSeconds, await cache.storeQueries)
            let snapshot = state.withLock { $0 }
            var out = "# HELP workplan_http_requests_total Requests answered, by route and status.\n"
            out += "# TYPE workplan_http_requests_total counter\n"
            for labels in snapshot.requests.keys.sorted() {
                out += "workplan_http_requests_total{\(labels)} \(snapshot.requests[labels] ?? 0)\n"
            }
            out += "# HELP workplan_http_request_duration_seconds Time to answer a request, by route.\n"
            out += "# TYPE workplan_http_request_duration_seconds histogram\n"
            for route in snapshot.latency.keys.sorted() {
                guard let histogram = snapshot.latency[route] else { continue }
                for (index, bound) in Self.buckets.enumerated() {
                    out += "workplan_http_request_duration_seconds_bucket{route=\"\(route)\",le=\"\(bound)\"} "
                    out += "\(histogram.counts[index])\n"
                }
                out +=
                    "workplan_http_request_duration_seconds_bucket{route=\"\(route)\",le=\"+Inf\"} \(histogram.count)\n"
                out += "workplan_http_request_duration_seconds_sum{route=\"\(route)\"} \(histogram.sum)\n"
                out += "workplan_http_request_duration_seconds_count{route=\"\(route)\"} \(histogram.count)\n"
            }
            out += "# HELP workplan_store_query_seconds_total Time spent in state store queries.\n"
            out += "# TYPE workplan_store_query_seconds_total counter\n"
            out += "workplan_store_query_seconds_total \(storeSeconds)\n"
            out += "# HELP workplan_store_queries_total State store queries made.\n"
            out += "# TYPE workplan_store_queries_total counter\n"
            out += "workplan_store_queries_total \(storeQueries)\n"
            return out
        }
    }
#endif
