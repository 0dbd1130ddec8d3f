/// What every row type of the store is: its columns listed once (`StoreColumns`), and the
/// value of each (`StoreRecord.value(of:)`); the fingerprint of what a file decides of a row.

/// A value bound to a statement: what the records hold, in a backend's own terms.
public enum ColumnValue: Sendable, Hashable {
    case text(String)
    case integer(Int64)
    case null

    public init(_ text: String?) { self = text.map(ColumnValue.text) ?? .null }
    public init(_ number: Int?) { self = number.map { .integer(Int64($0)) } ?? .null }
    public init(_ number: Int64?) { self = number.map(ColumnValue.integer) ?? .null }

    /// The value as text (numbers in decimal), nil for null: what fingerprints and events hold.
    public var text: String? {
        switch self {
        case .text(let text): text
        case .integer(let number): String(number)
        case .null: nil
        }
    }
}

/// The columns of a store table, in the order rows are bound and read.
public protocol StoreColumns: CodingKey, CaseIterable, Hashable, Sendable where AllCases == [Self] {
    /// The column's name.
    var name: String { get }
    /// Whether the column holds whole numbers (else text).
    var isInteger: Bool { get }
}

extension StoreColumns where Self: RawRepresentable, RawValue == String {
    public var name: String { rawValue }
}

/// A row type of the store.
public protocol StoreRecord: Codable, Sendable {
    associatedtype Columns: StoreColumns
    /// The table's name.
    static var table: String { get }
    /// The value of one column.
    func value(of column: Columns) -> ColumnValue
}

extension StoreRecord {
    /// The column names, in bind order.
    public static var columnNames: [String] { Columns.allCases.map(\.name) }
}

// MARK: - Fingerprints

/// A fast, stable 64-bit hash of bytes (FNV-1a), as 16 hex digits. Used to notice change, not for security.
public func contentHash<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    var hash = FNV1a()
    hash.add(bytes)
    return hash.hex
}

/// The FNV-1a hash, fed incrementally.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01B3
        }
    }

    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// Rows whose file-decided values are fingerprinted.
public protocol Fingerprinted: StoreRecord {
    /// The columns a file decides, in name order.
    static var decidedByFile: [Columns] { get }
    var id: String { get }
    var fingerprint: String? { get }
    var uuid: String? { get }
    var removedAt: String? { get }
}

extension Fingerprinted {
    /// The columns a file decides, in name order (nil for a column without a value).
    public var fileFields: [(key: String, value: String?)] {
        Self.decidedByFile.map { ($0.name, value(of: $0).text) }
    }

    /// A stable fingerprint of the file-decided values (FNV-1a, 64 bits, hex): for each column
    /// with a value, in key order, the key and the value, each followed by a NUL byte. Stores
    /// hold these values: the encoding never changes. (Hashed in place: a sync fingerprints every
    /// row it reads from a file.)
    public var fileFingerprint: String {
        var hash = FNV1a()
        for column in Self.decidedByFile {
            var text: String
            switch value(of: column) {
            case .null: continue
            case .text(let value): text = value
            case .integer(let number): text = String(number)
            }
            var key = column.name
            key.withUTF8 { hash.add($0) }
            hash.add(CollectionOfOne(0))
            text.withUTF8 { hash.add($0) }
            hash.add(CollectionOfOne(0))
        }
        return hash.hex
    }

    /// Whether two rows hold the same file-decided values.
    func sameFileValues(as other: Self) -> Bool {
        Self.decidedByFile.allSatisfy { value(of: $0) == other.value(of: $0) }
    }
}

extension WorkstreamRecord: Fingerprinted {
    public static var decidedByFile: [Columns] { Columns.decidedByFile }
}
extension TaskRecord: Fingerprinted {
    public static var decidedByFile: [Columns] { Columns.decidedByFile }
}
