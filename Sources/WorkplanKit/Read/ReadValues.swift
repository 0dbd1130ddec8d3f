import Foundation

/// The values the read API returns (`docs/openapi.yaml` describes each), built from a
/// `ReadModel`. Keys are snake_case; a value the store does not hold is null.
public enum ReadValues {
    /// One page of a list, and the cursor of the next (nil on the last).
    public struct Page<Item: Encodable & Sendable>: Encodable, Sendable {
        public var items: [Item]
        public var total: Int
        public var next: String?

        public init(items: [Item], total: Int, next: String?) {
            self.items = items
            self.total = total
            self.next = next
        }

        /// The page of `all` that starts at `offset`, of at most `limit` items.
        public init<Source>(_ all: [Source], offset: Int, limit: Int, _ item: (Source) -> Item) {
            let start = min(max(0, offset), all.count)
            let end = start + min(limit, all.count - start)
            self.init(
                items: all[start..<end].map(item), total: all.count,
                next: end < all.count ? ReadCursor.encode(end) : nil)
        }
    }

    /// Tasks of a workstream by status.
    public struct TaskCounts: Encodable, Sendable, Equatable {
        public var total = 0
        public var open = 0
        public var done = 0
        public var cancelled = 0
        public var carriedForward = 0

        enum CodingKeys: String, CodingKey {
            case total, open, done, cancelled
            case carriedForward = "carried_forward"
        }
    }

    public struct Workstream: Encodable, Sendable {
        public var repository: String
        public var id: String
        public var title: String
        public var domain: String?
        public var status: String
        public var owner: String?
        public var created: String?
        public var updated: String?
        public var completed: String?
        public var path: String?
        public var tasks: TaskCounts
    }

    public struct Task: Encodable, Sendable {
        public var repository: String
        public var id: String
        public var workstream: String?
        public var workstreamTitle: String?
        public var title: String
        public var phase: String?
        public var status: String
        public var priority: String?
        public var domain: String?
        public var owner: String?
        public var ready: Bool
        public var dependsOn: [String]
        public var updatedAt: String?
        public var path: String?
        public var line: Int?

        enum CodingKeys: String, CodingKey {
            case repository, id, workstream, title, phase, status, priority, domain, owner, ready, path, line
            case workstreamTitle = "workstream_title"
            case dependsOn = "depends_on"
            case updatedAt = "updated_at"
        }
    }

    /// Something a row waits on (or that waits on it), resolved across repositories.
    public struct Link: Encodable, Sendable {
        public var kind: String
        public var id: String
        /// The repository holding it; nil when no repository does.
        public var repository: String?
        public var title: String?
        public var status: String?
        /// A task done, a workstream completed.
        public var finished: Bool
    }

    public struct TaskDetail: Encodable, Sendable {
        public var task: Task
        public var description: String?
        public var waitsOn: [Link]
        public var waitedOnBy: [Link]

        enum CodingKeys: String, CodingKey {
            case task, description
            case waitsOn = "waits_on"
            case waitedOnBy = "waited_on_by"
        }
    }

    public struct Phase: Encodable, Sendable {
        public var name: String?
        public var tasks: [TaskDetail]
    }

    /// A completed workstream's tasks as the Workstream Closure Protocol classifies them.
    public struct Closure: Encodable, Sendable {
        public var completed: String?
        public var done: [String]
        public var cancelled: [String]
        /// Carried forward, with where to.
        public var carriedForward: [CarriedTask]

        public struct CarriedTask: Encodable, Sendable {
            public var id: String
            public var carriedTo: String?

            enum CodingKeys: String, CodingKey {
                case id
                case carriedTo = "carried_to"
            }
        }

        enum CodingKeys: String, CodingKey {
            case completed, done, cancelled
            case carriedForward = "carried_forward"
        }
    }

    public struct WorkstreamDetail: Encodable, Sendable {
        public var workstream: Workstream
        public var phases: [Phase]
        public var waitsOn: [Link]
        public var waitedOnBy: [Link]
        public var closure: Closure?
        public var history: [Event]

        enum CodingKeys: String, CodingKey {
            case workstream, phases, closure, history
            case waitsOn = "waits_on"
            case waitedOnBy = "waited_on_by"
        }
    }

    /// An event of the history feed, in words and as stored.
    public struct Event: Encodable, Sendable {
        public var id: Int64?
        public var at: String
        public var repository: String
        public var kind: String
        public var subject: String
        /// "status todo → done; priority high → low", "added", "removed", or a job's detail.
        public var summary: String
        public var actor: String?
        public var commit: String?
        public var branch: String?
        public var command: String?
        public var detail: String
    }

    /// Per domain and for the whole store: the seed's `/state/summary`.
    public struct Summary: Encodable, Sendable {
        public struct Counts: Encodable, Sendable, Equatable {
            public var domain: String?
            /// Set in a domain's counts per repository.
            public var repository: String?
            public var repositories = 0
            public var workstreams = 0
            public var activeWorkstreams = 0
            public var openTasks = 0
            public var doneTasks = 0

            enum CodingKeys: String, CodingKey {
                case domain, repository, repositories, workstreams
                case activeWorkstreams = "active_workstreams"
                case openTasks = "open_tasks"
                case doneTasks = "done_tasks"
            }
        }

        public var totals: Counts
        public var domains: [Counts]
    }

    /// One domain with its counts per repository.
    public struct DomainDetail: Encodable, Sendable {
        public var domain: DomainListing.Entry
        public var byRepository: [Summary.Counts]

        enum CodingKeys: String, CodingKey {
            case domain
            case byRepository = "by_repository"
        }
    }
}
