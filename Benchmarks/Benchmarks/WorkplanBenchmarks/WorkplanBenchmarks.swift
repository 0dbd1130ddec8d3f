import Benchmark
import CorpusGenerator
import Foundation
import WorkplanKit

// In-process measurements of the pipeline's stages on generated workplans. Whole-command
// timings against the machine's floors are `make bench` (Benchmarks/bench.sh).
let benchmarks: @Sendable () -> Void = {
    let generator = CorpusGenerator(seed: 1)
    let files = (0..<1_000).map { (generator.fileName($0), Array(generator.workplan($0).utf8)) }
    let configuration = Configuration(root: URL(fileURLWithPath: "/"))

    Benchmark("scan 1,000 workplans (block scanner)", configuration: .init(metrics: [.wallClock, .mallocCountTotal])) {
        benchmark in
        for (_, bytes) in files { blackHole(MarkdownDocument(source: SourceText(bytes: bytes))) }
    }

    Benchmark("parse 1,000 workplans", configuration: .init(metrics: [.wallClock, .mallocCountTotal])) { benchmark in
        for (name, bytes) in files { blackHole(WorkplanParser.parse(bytes: bytes, path: name)) }
    }

    let parsed = files.map { WorkplanParser.parse(bytes: $0.1, path: $0.0) }
    Benchmark("lint 1,000 parsed workplans (index and rules)", configuration: .init(metrics: [.wallClock])) {
        benchmark in
        blackHole(Linter(configuration: configuration).diagnostics(for: parsed))
    }

    Benchmark("reconcile 1,000 workplans into an empty store", configuration: .init(metrics: [.wallClock])) {
        benchmark in
        let synced = parsed.map { SyncedFile(path: $0.path, workplan: $0, contentHash: "") }
        blackHole(
            Reconciler(now: "2026-01-01T00:00:00Z").plan(
                files: synced, workstreamUUIDs: [:], taskUUIDs: [:], snapshot: StoreSnapshot(),
                keptPaths: [], existingPaths: [], complete: true))
    }
}
