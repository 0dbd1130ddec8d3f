import Foundation

/// A place in a file.
public struct Place: Hashable, Comparable, Sendable {
    /// The file.
    public var path: String
    /// Where in it.
    public var location: SourceLocation

    public static func < (lhs: Place, rhs: Place) -> Bool {
        (lhs.path, lhs.location) < (rhs.path, rhs.location)
    }
}

/// What every workplan under the configured folders declares: what cross-file rules look up.
public struct WorkplanIndex: Sendable {
    /// The first place (in path and line order) each workplan id, task id and UUID is declared,
    /// each table in shards (by the last byte of the value) built side by side.
    private var tables: [Repeat.Kind: [[String: Slot]]] = [:]
    /// The files, by the number a slot names them with.
    private var paths: [String] = []
    private static let shards = 2

    /// A place as the tables hold it: the file by its rank in path order, so that slots compare
    /// as places do, without a path to retain, hash or compare per declaration.
    private struct Slot: Comparable, Sendable {
        var file: Int32
        var line: Int32
        var column: Int32

        static func < (lhs: Slot, rhs: Slot) -> Bool {
            (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
        }
    }

    private func place(_ slot: Slot) -> Place {
        Place(path: paths[Int(slot.file)], location: SourceLocation(line: Int(slot.line), column: Int(slot.column)))
    }

    private static func shard(_ value: String) -> Int {
        // A native string's bytes are contiguous: read in place, its last byte costs no walk.
        Int(value.utf8.withContiguousStorageIfAvailable { $0.last ?? 0 } ?? value.utf8.last ?? 0) % shards
    }

    private func first(_ kind: Repeat.Kind, _ value: String) -> Place? {
        tables[kind]?[Self.shard(value)][value].map(place)
    }

    /// The first place a workplan id is declared.
    public func workplanPlace(_ id: String) -> Place? { first(.workplanID, id) }
    /// The first place a task id is declared.
    public func taskPlace(_ id: String) -> Place? { first(.taskID, id) }
    /// The first place a state store UUID is written.
    public func uuidPlace(_ uuid: String) -> Place? { first(.uuid, uuid) }
    /// The dependency references that lie on a cycle, with the ids of the cycle.
    public private(set) var cyclicReferences: [Place: [String]] = [:]

    /// A value declared more than once: a place after its first, and the first.
    public struct Repeat: Sendable {
        /// Which table: a workplan id, a task id or a UUID.
        public enum Kind: Sendable { case workplanID, taskID, uuid }
        public var kind: Kind
        public var value: String
        public var place: Place
        public var first: Place
    }

    /// Every place that repeats a value declared earlier (in path and line order), by path.
    public private(set) var repeats: [String: [Repeat]] = [:]

    /// Indexes workplans.
    public init(workplans: [Workplan]) {
        self.init(entries: workplans.map(IndexEntry.init))
    }

    /// Indexes what files declare.
    ///
    /// With `focus` (what the files to be linted declare, when they are not all of them), the
    /// tables hold only the ids those files look up, and cycles are searched only from their
    /// dependencies: the rules look nothing else up, and a few files are checked against
    /// thousands without building tables for all of them.
    public init(entries: [IndexEntry], focus: [IndexEntry]? = nil) {
        let keys = focus.map { Set($0.flatMap(\.lookedUp)) }
        let starts = focus.map { Set($0.flatMap { $0.edges.map(\.from) }) }
        // Each entry's rank in path order (two entries of one path keep their order).
        let order = entries.indices.sorted { (entries[$0].path, $0) < (entries[$1].path, $1) }
        var ranks = [Int32](repeating: 0, count: entries.count)
        for (rank, offset) in order.enumerated() { ranks[offset] = Int32(truncatingIfNeeded: rank) }
        paths = order.map { entries[$0].path }
        // The tables' shards and the cycles do not depend on each other: built on all cores.
        let jobs: [(kind: Repeat.Kind, shard: Int)] = [Repeat.Kind.taskID, .uuid, .workplanID].flatMap { kind in
            (0..<Self.shards).map { (kind, $0) }
        }
        let work: @Sendable (Int) -> Built = { [ranks] job in
            job < jobs.count
                ? .table(Table(jobs[job].kind, shard: jobs[job].shard, of: entries, ranks: ranks, keys: keys))
                : .cycles(Self.cycles(entries, startingFrom: starts))
        }
        // A few entries (a file being classified) are not worth other threads.
        let results =
            entries.count < 64 ? (0...jobs.count).map(work) : concurrentPerformMap(Array(0...jobs.count), work)
        for result in results {
            switch result {
            case .table(let table):
                tables[table.kind, default: Array(repeating: [:], count: Self.shards)][table.shard] = table.first
                for (value, slots) in table.others {
                    guard let earliest = table.first[value].map(place) else { continue }
                    for slot in slots.sorted() {
                        let repeated = place(slot)
                        repeats[repeated.path, default: []].append(
                            Repeat(kind: table.kind, value: value, place: repeated, first: earliest))
                    }
                }
            case .cycles(let cycles):
                cyclicReferences = cycles
            }
        }
    }

    /// What one job of `init` builds.
    private enum Built: Sendable {
        case table(Table)
        case cycles([Place: [String]])
    }

    /// One table: the first place of each value, and the other places of values declared twice.
    private struct Table: Sendable {
        var kind: Repeat.Kind
        var shard: Int
        var first: [String: Slot] = [:]
        var others: [String: [Slot]] = [:]

        init(_ kind: Repeat.Kind, shard: Int, of entries: [IndexEntry], ranks: [Int32], keys: Set<String>?) {
            self.kind = kind
            self.shard = shard
            if keys == nil {
                let count = entries.reduce(0) { total, entry in
                    let declared =
                        switch kind {
                        case .workplanID: entry.workplanIDs.count
                        case .taskID: entry.taskIDs.count
                        case .uuid: entry.uuids.count
                        }
                    return total + declared
                }
                first.reserveCapacity(count / WorkplanIndex.shards + 16)
            }
            // The lists are read in place, through buffers: every job reads every entry, on all
            // cores at once, and retaining a list or a text it only looks at made the cores
            // contend for its reference count.
            entries.withUnsafeBufferPointer { entries in
                for offset in entries.indices {
                    let file = ranks[offset]
                    switch kind {
                    case .workplanID: entries[offset].workplanIDs.withUnsafeBufferPointer { add($0, file, keys) }
                    case .taskID: entries[offset].taskIDs.withUnsafeBufferPointer { add($0, file, keys) }
                    case .uuid: entries[offset].uuids.withUnsafeBufferPointer { add($0, file, keys) }
                    }
                }
            }
        }

        /// One hash look-up per declaration of this shard; only values declared twice keep their
        /// other places.
        private mutating func add(
            _ items: UnsafeBufferPointer<IndexEntry.Declared>, _ file: Int32, _ keys: Set<String>?
        ) {
            for item in items.indices
            where WorkplanIndex.shard(items[item].text) == shard && keys?.contains(items[item].text) ?? true {
                let location = items[item].location
                let slot = Slot(
                    file: file, line: Int32(clamping: location.line), column: Int32(clamping: location.column))
                guard let old = first.updateValue(slot, forKey: items[item].text) else { continue }
                if old < slot { first[items[item].text] = old }
                others[items[item].text, default: []].append(max(old, slot))
            }
        }
    }

    /// Whether an id names a known workplan or task.
    public func contains(_ id: String) -> Bool {
        workplanPlace(id) != nil || taskPlace(id) != nil
    }

    /// The references of `edges` that lie on a cycle (strongly connected components of more than
    /// one id, or an id that depends on itself), found with Tarjan's algorithm without recursion.
    /// With `starts`, only the nodes reachable from them are visited: their components are whole,
    /// since a component's members all reach each other.
    private static func cycles(_ entries: [IndexEntry], startingFrom starts: Set<String>?) -> [Place: [String]] {
        let graph = DependencyGraph(entries)
        let components = graph.stronglyConnectedComponents(
            startingFrom: starts.map { $0.compactMap { graph.nodeIndex[$0] }.sorted() })
        let component = components.component
        var result: [Place: [String]] = [:]
        var number = 0
        for entry in entries.indices {
            for edge in entries[entry].edges {
                let (from, to) = graph.edges[number]
                number += 1
                guard component[from] >= 0, component[from] == component[to] else { continue }
                let members = components.members(of: component[from])
                guard members.count > 1 || from == to else { continue }
                result[Place(path: entries[entry].path, location: edge.location)] =
                    members.map { graph.names[$0] }.sorted()
            }
        }
        return result
    }
}

/// Ids and the dependencies between them, as numbered nodes, each node's targets in one flat
/// list (a node per id of a large tree: an array per node cost an allocation per id).
private struct DependencyGraph {
    var nodeIndex: [String: Int] = [:]
    var names: [String] = []
    /// Node `n`'s targets are `targets[firstTarget[n]..<firstTarget[n + 1]]`, in edge order.
    private var firstTarget: [Int] = []
    private var targets: [Int] = []
    /// Every entry's edges in order, as node numbers.
    var edges: [(from: Int, to: Int)] = []

    init(_ entries: [IndexEntry]) {
        let count = entries.reduce(0) { $0 + $1.edges.count }
        edges.reserveCapacity(count)
        nodeIndex.reserveCapacity(count)
        for entry in entries.indices {
            for edge in entries[entry].edges {
                edges.append((node(edge.from), node(edge.to)))
            }
        }
        firstTarget = Array(repeating: 0, count: names.count + 1)
        for (from, _) in edges { firstTarget[from + 1] += 1 }
        for node in names.indices { firstTarget[node + 1] += firstTarget[node] }
        var next = firstTarget
        targets = Array(repeating: 0, count: edges.count)
        for (from, to) in edges {
            targets[next[from]] = to
            next[from] += 1
        }
    }

    private mutating func node(_ name: String) -> Int {
        if let index = nodeIndex[name] { return index }
        nodeIndex[name] = names.count
        names.append(name)
        return names.count - 1
    }

    /// Strongly connected components, their members in one flat list.
    struct Components {
        /// Each node's component number, -1 when not visited.
        var component: [Int]
        /// Component `c`'s members are `members[start[c]..<start[c + 1]]`.
        var start: [Int] = [0]
        var members: [Int] = []

        func members(of number: Int) -> ArraySlice<Int> { members[start[number]..<start[number + 1]] }
    }

    /// Tarjan's algorithm without recursion, from `starts` (every node when nil): each visited
    /// node's component, and the members of each component.
    func stronglyConnectedComponents(startingFrom starts: [Int]?) -> Components {
        let count = names.count
        var index = Array(repeating: -1, count: count)
        var low = Array(repeating: 0, count: count)
        var onStack = Array(repeating: false, count: count)
        var result = Components(component: Array(repeating: -1, count: count))
        var stack: [Int] = []
        var counter = 0
        func visit(_ node: Int) {
            index[node] = counter
            low[node] = counter
            counter += 1
            stack.append(node)
            onStack[node] = true
        }
        for start in starts ?? Array(0..<count) where index[start] < 0 {
            var work: [(node: Int, next: Int)] = [(start, firstTarget[start])]
            visit(start)
            while var frame = work.popLast() {
                if frame.next < firstTarget[frame.node + 1] {
                    let target = targets[frame.next]
                    frame.next += 1
                    work.append(frame)
                    if index[target] < 0 {
                        visit(target)
                        work.append((target, firstTarget[target]))
                    } else if onStack[target] {
                        low[frame.node] = min(low[frame.node], index[target])
                    }
                    continue
                }
                if let parent = work.last { low[parent.node] = min(low[parent.node], low[frame.node]) }
                guard low[frame.node] == index[frame.node] else { continue }
                let number = result.start.count - 1
                while let top = stack.popLast() {
                    onStack[top] = false
                    result.component[top] = number
                    result.members.append(top)
                    if top == frame.node { break }
                }
                result.start.append(result.members.count)
            }
        }
        return result
    }
}
