import Foundation
import Synchronization

// Parallel work, one mechanism each for its two shapes:
// - CPU work on many values (parse, lint, plan, render): `concurrentPerformMap`, synchronous,
//   all cores, results in input order;
// - work that overlaps another (the next batch read while this one is applied, pages written
//   while the next ones are built): structured concurrency, an `async let` awaited before the
//   scope ends, whose work runs `offThePool`: it blocks (file I/O) or takes every core
//   (`concurrentPerformMap`), which the cooperative pool's few threads must never be held for
//   (measured: a cold sync 15 % slower when the next batch was read on the pool).

/// The processors this process may use, read once: Foundation reads the cgroup's files at
/// every call.
private let processorCount = ProcessInfo.processInfo.activeProcessorCount

/// `transform` applied to every element on all cores, synchronously; results keep the input order.
/// The elements are cut into contiguous chunks, sixteen per core, so that a hundred thousand small
/// transforms cost little to schedule, and a core that finishes early takes the next chunk
/// instead of waiting for the slowest.
func concurrentPerformMap<Element: Sendable, Result: Sendable>(
    _ elements: [Element],
    _ transform: @Sendable (Element) -> Result
) -> [Result] {
    let chunks = min(elements.count, processorCount * 16)
    guard chunks > 1 else { return elements.map(transform) }
    let slots = Mutex<[[Result]?]>(Array(repeating: nil, count: chunks))
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        let range = (elements.count * chunk / chunks)..<(elements.count * (chunk + 1) / chunks)
        let results = elements[range].map(transform)
        slots.withLock { $0[chunk] = results }
    }
    return slots.withLock { $0.flatMap { $0 ?? [] } }
}

/// Hands a large value's last reference to a background task, so that the caller does not wait
/// while it is freed (ten thousand files' summaries at the end of a run).
func releaseInBackground<Value: Sendable>(_ value: consuming Value) {
    let last = value
    Task.detached(priority: .background) { withExtendedLifetime(last) {} }
}

/// `work` on a thread of the global queue, awaited: for blocking or all-cores work that overlaps
/// a task's, which the cooperative pool's few threads must not be held for.
func offThePool<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(returning: work()) }
    }
}
