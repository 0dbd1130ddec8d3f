#if PostgreSQL
    import Foundation
    import NIOCore
    import PostgresNIO
    import WorkplanKit

    /// Rows in the text format of `COPY … FROM STDIN`: fields separated by tabs, a row per line,
    /// `\N` for NULL, and a backslash, tab, line feed or carriage return inside a value escaped
    /// with a backslash (PostgreSQL's documentation, "COPY", File Formats, Text Format).
    struct CopyRows {
        private(set) var buffer: ByteBuffer
        private var fieldsInRow = 0

        init(capacity: Int) {
            buffer = ByteBufferAllocator().buffer(capacity: capacity)
        }

        /// Appends one field of the current row.
        mutating func append(_ value: ColumnValue) {
            if fieldsInRow > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            fieldsInRow += 1
            switch value {
            case .null: buffer.writeStaticString("\\N")
            case .integer(let number): buffer.writeString(String(number))
            case .text(var text): text.withUTF8 { append(escaping: $0) }
            }
        }

        /// Appends a text field of the current row.
        mutating func append(_ text: String) { append(.text(text)) }

        /// Ends the current row.
        mutating func endRow() {
            buffer.writeInteger(UInt8(ascii: "\n"))
            fieldsInRow = 0
        }

        private mutating func append(escaping bytes: UnsafeBufferPointer<UInt8>) {
            // Runs of bytes that need no escape are copied whole.
            var start = 0
            for (offset, byte) in bytes.enumerated() {
                let escaped: UInt8
                switch byte {
                case UInt8(ascii: "\\"): escaped = UInt8(ascii: "\\")
                case UInt8(ascii: "\t"): escaped = UInt8(ascii: "t")
                case UInt8(ascii: "\n"): escaped = UInt8(ascii: "n")
                case UInt8(ascii: "\r"): escaped = UInt8(ascii: "r")
                default: continue
                }
                buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<offset])))
                buffer.writeInteger(UInt8(ascii: "\\"))
                buffer.writeInteger(escaped)
                start = offset + 1
            }
            buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start...])))
        }
    }

    /// How rows travel: as JSON (`jsonb_to_recordset` in, `json_agg` out) for changes and reads,
    /// and in `COPY`'s text format for new rows.
    extension PostgresSession {
        /// The rows of a query whose one column is `json_agg` of records, decoded.
        func records<Record: Decodable>(_ type: Record.Type, _ query: PostgresQuery) async throws -> [Record] {
            let json = try await self.query(query).first?.decode(String.self) ?? "[]"
            return try JSONDecoder().decode([Record].self, from: Data(json.utf8))
        }

        /// Records with the repository that holds each (the `owner` column).
        func owned<Record: Decodable & Sendable>(
            _ type: Record.Type, _ query: PostgresQuery
        ) async throws -> [ForeignRows.Row<Record>] {
            let json = Data((try await self.query(query).first?.decode(String.self) ?? "[]").utf8)
            let records = try JSONDecoder().decode([Record].self, from: json)
            let owners = try JSONDecoder().decode([RowOwner].self, from: json)
            return zip(owners, records).map { ForeignRows.Row(repository: $0.owner, record: $1) }
        }

        static func json(_ value: some Encodable) throws -> String {
            String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        }

        /// Inserts new rows of a record type in this repository with one `COPY … FROM STDIN`: no
        /// statement to parse or plan, and no JSON to write or read. Rows keep their order (a
        /// serial id follows it). `columns` are the record's own, all of them by default.
        func copy<Record: StoreRecord>(
            _ records: [Record], columns: [Record.Columns] = Record.Columns.allCases
        ) async throws {
            guard !records.isEmpty else { return }
            var rows = CopyRows(capacity: records.count * 256)
            for record in records {
                rows.append(repository)
                for column in columns { rows.append(record.value(of: column)) }
                rows.endRow()
            }
            try await store.connection.copyFrom(
                table: Record.table, columns: ["repository"] + columns.map(\.name), logger: PostgresStateStore.logger
            ) { [rows] writer in
                try await writer.write(rows.buffer)
            }
        }
    }

    /// The repository holding a row, as `foreignRows` returns it beside the row.
    private struct RowOwner: Decodable { var owner: String }
#endif
