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
    /// Every place each workplan id is declared, sorted.
    public private(set) var workplanIDs: [String: [Place]] = [:]
    /// Every place each task id is declared, sorted.
    public private(set) var taskIDs: [String: [Place]] = [:]
    /// Every place each state store UUID is written, sorted.
    public private(set) var uuids: [String: [Place]] = [:]
    /// The dependency references that lie on a cycle, with the ids of the cycle.
    public private(set) var cyclicReferences: [Place: [String]] = [:]

    /// Indexes workplans.
    public init(workplans: [Workplan]) {
        self.init(entries: workplans.map(IndexEntry.init))
    }

    /// Indexes what files declare.
    ///
    /// With `focus` (the files to be linted, when they are not all of them), the tables hold only
    /// the ids those files mention, and cycles are searched only from their dependencies: the
    /// rules look nothing else up, and a few files are checked against thousands without building
    /// tables for all of them.
    public init(entries: [IndexEntry], focus: [Workplan]? = nil) {
        let keys = focus.map { Set($0.flatMap(IndexEntry.mentionedTexts)) }
        var edges: [(from: String, to: String, place: Place)] = []
        if keys == nil {
            workplanIDs.reserveCapacity(entries.reduce(0) { $0 + $1.workplanIDs.count })
            taskIDs.reserveCapacity(entries.reduce(0) { $0 + $1.taskIDs.count })
            uuids.reserveCapacity(entries.reduce(0) { $0 + $1.uuids.count })
        }
        // Only ids declared more than once need their places sorted.
        var repeated: [(table: Int, key: String)] = []
        func add(_ declared: IndexEntry.Declared, path: String, to table: inout [String: [Place]], number: Int) {
            guard keys?.contains(declared.text) ?? true else { return }
            table[declared.text, default: []].append(Place(path: path, location: declared.location))
            if table[declared.text]?.count == 2 { repeated.append((number, declared.text)) }
        }
        for entry in entries {
            let path = entry.path
            for declared in entry.workplanIDs { add(declared, path: path, to: &workplanIDs, number: 0) }
            for declared in entry.taskIDs { add(declared, path: path, to: &taskIDs, number: 1) }
            for declared in entry.uuids { add(declared, path: path, to: &uuids, number: 2) }
            for edge in entry.edges {
                edges.append((edge.from, edge.to, Place(path: path, location: edge.location)))
            }
        }
        for (table, key) in repeated {
            switch table {
            case 0: workplanIDs[key]?.sort()
            case 1: taskIDs[key]?.sort()
            default: uuids[key]?.sort()
            }
        }
        let starts = focus.map { Set($0.flatMap { IndexEntry($0).edges.map(\.from) }) }
        cyclicReferences = Self.cycles(edges, startingFrom: starts)
    }

    /// Whether an id names a known workplan or task.
    public func contains(_ id: String) -> Bool {
        workplanIDs[id] != nil || taskIDs[id] != nil
    }

    /// The references of `edges` that lie on a cycle (strongly connected components of more than
    /// one id, or an id that depends on itself), found with Tarjan's algorithm without recursion.
    /// With `starts`, only the nodes reachable from them are visited: their components are whole,
    /// since a component's members all reach each other.
    private static func cycles(
        _ edges: [(from: String, to: String, place: Place)], startingFrom starts: Set<String>?
    ) -> [Place: [String]] {
        let graph = DependencyGraph(edges.map { ($0.from, $0.to) })
        let (component, components) = graph.stronglyConnectedComponents(
            startingFrom: starts.map { $0.compactMap { graph.nodeIndex[$0] }.sorted() })
        var result: [Place: [String]] = [:]
        for edge in edges {
            guard let from = graph.nodeIndex[edge.from], let to = graph.nodeIndex[edge.to], component[from] >= 0,
                component[from] == component[to]
            else { continue }
            let members = components[component[from]]
            guard members.count > 1 || from == to else { continue }
            result[edge.place] = members.map { graph.names[$0] }.sorted()
        }
        return result
    }
}

/// Ids and the dependencies between them, as numbered nodes.
private struct DependencyGraph {
    var nodeIndex: [String: Int] = [:]
    var names: [String] = []
    var adjacency: [[Int]] = []

    init(_ edges: [(from: String, to: String)]) {
        for edge in edges {
            let from = node(edge.from)
            let to = node(edge.to)
            adjacency[from].append(to)
        }
    }

    private mutating func node(_ name: String) -> Int {
        if let index = nodeIndex[name] { return index }
        nodeIndex[name] = names.count
        names.append(name)
        adjacency.append([])
        return names.count - 1
    }

    /// Tarjan's algorithm without recursion, from `starts` (every node when nil): each visited
    /// node's component number (-1 when not visited), and the members of each component.
    func stronglyConnectedComponents(startingFrom starts: [Int]?) -> (component: [Int], components: [[Int]]) {
        let count = names.count
        var index = Array(repeating: -1, count: count)
        var low = Array(repeating: 0, count: count)
        var onStack = Array(repeating: false, count: count)
        var component = Array(repeating: -1, count: count)
        var stack: [Int] = []
        var components: [[Int]] = []
        var counter = 0
        func visit(_ node: Int) {
            index[node] = counter
            low[node] = counter
            counter += 1
            stack.append(node)
            onStack[node] = true
        }
        for start in starts ?? Array(0..<count) where index[start] < 0 {
            var work: [(node: Int, next: Int)] = [(start, 0)]
            visit(start)
            while var frame = work.popLast() {
                if frame.next < adjacency[frame.node].count {
                    let target = adjacency[frame.node][frame.next]
                    frame.next += 1
                    work.append(frame)
                    if index[target] < 0 {
                        visit(target)
                        work.append((target, 0))
                    } else if onStack[target] {
                        low[frame.node] = min(low[frame.node], index[target])
                    }
                    continue
                }
                if let parent = work.last { low[parent.node] = min(low[parent.node], low[frame.node]) }
                guard low[frame.node] == index[frame.node] else { continue }
                var members: [Int] = []
                while let top = stack.popLast() {
                    onStack[top] = false
                    component[top] = components.count
                    members.append(top)
                    if top == frame.node { break }
                }
                components.append(members)
            }
        }
        return (component, components)
    }
}
