import Foundation

/// `transform` applied to every element on all cores, synchronously; results keep the input order.
/// The elements are cut into contiguous chunks, sixteen per core, so that a hundred thousand small
/// transforms cost little to schedule, and a core that finishes early takes the next chunk
/// instead of waiting for the slowest.
func concurrentPerformMap<Element: Sendable, Result: Sendable>(
    _ elements: [Element],
    _ transform: @Sendable (Element) -> Result
) -> [Result] {
    let chunks = min(elements.count, ProcessInfo.processInfo.activeProcessorCount * 16)
    guard chunks > 1 else { return elements.map(transform) }
    let slots = ResultSlots<[Result]>(count: chunks)
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        let range = (elements.count * chunk / chunks)..<(elements.count * (chunk + 1) / chunks)
        slots.set(chunk, elements[range].map(transform))
    }
    return slots.values.flatMap { $0 }
}

/// Results written by concurrent workers, each to its own slot.
final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Value?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [Value] { slots.compactMap { $0 } }
}

/// A value computed on another thread, waited for when it is needed.
final class Background<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Value?

    /// Starts computing `work`.
    init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async {
            self.result = work()
            self.done.signal()
        }
    }

    /// The value, once computed.
    var value: Value? {
        done.wait()
        done.signal()
        return result
    }
}

/// Hands a large value's last reference to another thread, so that the caller does not wait
/// while it is freed (ten thousand files' summaries at the end of a run).
func releaseInBackground<Value: Sendable>(_ value: consuming Value) {
    let last = value
    DispatchQueue.global(qos: .utility).async { withExtendedLifetime(last) {} }
}
