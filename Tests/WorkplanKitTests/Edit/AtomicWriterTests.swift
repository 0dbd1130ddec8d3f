import Foundation
import Synchronization
import Testing

@testable import WorkplanKit

@Suite struct AtomicWriterTests {
    /// Eight threads replace one file, all expecting the bytes they read: exactly one lands and
    /// seven are refused. The file is large, so that re-reading it before the rename takes
    /// milliseconds: without the folder lock, several writers pass that check and all but the
    /// last rename are lost.
    @Test func ofWritersThatReadTheSameBytesExactlyOneLands() throws {
        let directory = try TemporaryDirectory()
        let original = [UInt8](repeating: UInt8(ascii: "a"), count: 16 << 20)
        let path = try directory.write("big.md", bytes: original)
        let outcomes = Mutex<[Int: Bool]>([:])
        let group = DispatchGroup()
        for writer in 0..<8 {
            group.enter()
            Thread {
                var bytes = original
                bytes[0] = UInt8(ascii: "0") + UInt8(writer)
                let landed: Bool
                do {
                    try AtomicWriter.replace(path, with: bytes, expected: original)
                    landed = true
                } catch {
                    landed = false
                    #expect(error as? WriteError == .changedOnDisk(path))
                }
                outcomes.withLock { $0[writer] = landed }
                group.leave()
            }.start()
        }
        group.wait()
        let winners = outcomes.withLock { $0.filter(\.value).map(\.key) }
        #expect(winners.count == 1, "\(winners)")
        let final = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(final.count == original.count)
        #expect(winners.map { UInt8(ascii: "0") + UInt8($0) } == [final[0]])
    }
}
