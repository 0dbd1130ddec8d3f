import Foundation

/// `transform` applied to every element on all cores, synchronously; results keep the input order.
/// The elements are cut into a few contiguous chunks per core, so that a hundred thousand small
/// transforms cost no more to schedule than a dozen.
func concurrentPerformMap<Element: Sendable, Result: Sendable>(
    _ elements: [Element],
    _ transform: @Sendable (Element) -> Result
) -> [Result] {
    let chunks = min(elements.count, ProcessInfo.processInfo.activeProcessorCount * 4)
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
