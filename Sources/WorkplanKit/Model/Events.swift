import Foundation

/// What an event records: a change of one row (`task.updated`: the subject, then the change),
/// or a job's run (`closure`, `cleanup`). Stored as that text, so that a store written by an
/// older or newer version still reads.
public struct EventKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The kind of row a row event is about.
    public enum Subject: String, Sendable, Hashable, CaseIterable {
        /// A workstream or task row; a domain the registry declares (`domain.inserted`,
        /// `domain.updated`, `domain.removed`: the registry gained, changed or lost it).
        case workstream, task, domain
    }

    public let rawValue: String
    /// The kind of row, for a row event.
    public let subject: Subject?
    /// The change, for a row event.
    public let change: ChangeKind?

    /// A kind read from the store: parsed once here (a dashboard reads every event's).
    public init(rawValue: String) {
        self.rawValue = rawValue
        let bytes = rawValue.utf8
        if let dot = bytes.firstIndex(of: UInt8(ascii: ".")),
            let subject = Subject(rawValue: String(decoding: bytes[..<dot], as: UTF8.self)),
            let change = ChangeKind(rawValue: String(decoding: bytes[bytes.index(after: dot)...], as: UTF8.self))
        {
            (self.subject, self.change) = (subject, change)
        } else {
            (self.subject, self.change) = (nil, nil)
        }
    }

    /// A row's change.
    public static func row(_ subject: Subject, _ change: ChangeKind) -> EventKind {
        EventKind(rawValue: subject.rawValue + "." + change.rawValue, subject: subject, change: change)
    }

    private init(rawValue: String, subject: Subject?, change: ChangeKind?) {
        self.rawValue = rawValue
        self.subject = subject
        self.change = change
    }

    public static func == (lhs: EventKind, rhs: EventKind) -> Bool { lhs.rawValue == rhs.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    /// `workplan close`: the closure's date, outcome and what happened to the open tasks.
    public static let closure = EventKind(rawValue: "closure")
    /// `workplan cleanup-stale`: the tasks it cancelled.
    public static let cleanup = EventKind(rawValue: "cleanup")

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The detail of a row event that changed a row: for each column that changed, its value
/// before and after, so that an overwritten value is never lost. (An insert's detail is `{}`:
/// the row is its record.)
/// Sync writes it (`json`), the dashboard and the history read it (`init(json:)`).
public struct EventDetail: Codable, Hashable, Sendable {
    /// The changed columns' new values (nil: no value).
    public var new: [String: String?]
    /// The changed columns' old values.
    public var old: [String: String?]

    /// The columns whose values differ between `old` and `new`, two lists of the same columns
    /// in the same order.
    public init(old: [(key: String, value: String?)], new: [(key: String, value: String?)]) {
        var before: [String: String?] = [:]
        var after: [String: String?] = [:]
        for (oldField, newField) in zip(old, new) where oldField.value != newField.value {
            before[oldField.key] = .some(oldField.value)
            after[newField.key] = .some(newField.value)
        }
        self.new = after
        self.old = before
    }

    /// Reads a detail as sync stored it; nil for text that is not one (a job's detail, say).
    public init?(json: String) {
        guard json.hasPrefix("{\"new\":"),
            let detail = try? JSONDecoder().decode(EventDetail.self, from: Data(json.utf8))
        else { return nil }
        self = detail
    }

    /// A column's change, when it changed.
    public func change(of column: String) -> (old: String?, new: String?)? {
        guard let after = new[column], let before = old[column] else { return nil }
        return (before, after)
    }

    /// The stored text, `{"new":{…},"old":{…}}` with sorted keys and null for no value: what
    /// JSONEncoder with sorted keys writes (a test holds them equal), built without it, since
    /// JSONEncoder was a sixth of a cold sync's time. An insert's detail is `{}`.
    public var json: String {
        func object(_ values: [String: String?]) -> String {
            JSONText.object(values.keys.sorted().map { ($0, values[$0] ?? nil) })
        }
        return "{\"new\":" + object(new) + ",\"old\":" + object(old) + "}"
    }

    enum CodingKeys: String, CodingKey { case new, old }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        new = try Self.values(container, .new)
        old = try Self.values(container, .old)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try Self.encode(new, &container, .new)
        try Self.encode(old, &container, .old)
    }

    /// A map whose nulls are kept as keys with no value (a Swift dictionary of optionals would
    /// drop them when decoding).
    private static func values(
        _ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys
    ) throws -> [String: String?] {
        let nested = try container.nestedContainer(keyedBy: AnyKey.self, forKey: key)
        var values: [String: String?] = [:]
        for column in nested.allKeys {
            values[column.stringValue] = .some(try nested.decodeIfPresent(String.self, forKey: column))
        }
        return values
    }

    private static func encode(
        _ values: [String: String?], _ container: inout KeyedEncodingContainer<CodingKeys>, _ key: CodingKeys
    ) throws {
        var nested = container.nestedContainer(keyedBy: AnyKey.self, forKey: key)
        for (column, value) in values {
            let columnKey = AnyKey(stringValue: column)
            if let value {
                try nested.encode(value, forKey: columnKey)
            } else {
                try nested.encodeNil(forKey: columnKey)
            }
        }
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
