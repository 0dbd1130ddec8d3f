/// A check of UTF-8 text that allocates nothing: eight ASCII bytes at a time, and each
/// multi-byte sequence decoded to reject overlong forms, surrogates and values past U+10FFFF.
enum UTF8Check {
    /// Whether `bytes` are valid UTF-8 with no NUL byte.
    static func isValidText(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = UnsafeRawPointer(buffer.baseAddress) else { return true }
            let count = buffer.count
            var index = 0
            while index < count {
                if index + 8 <= count {
                    let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    // No byte with its high bit set, and no zero byte.
                    let zero = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
                    if word & 0x8080_8080_8080_8080 == 0, zero == 0 {
                        index += 8
                        continue
                    }
                }
                let byte = buffer[index]
                if byte < 0x80 {
                    guard byte != 0 else { return false }
                    index += 1
                    continue
                }
                guard let (_, length) = scalar(at: index, in: buffer, end: count) else { return false }
                index += length
            }
            return true
        }
    }

    /// The scalar of the well-formed multi-byte sequence at `index` (before `end`) and its length;
    /// nil for a stray or truncated byte, an overlong form, a surrogate or a value past U+10FFFF.
    static func scalar(at index: Int, in buffer: UnsafeBufferPointer<UInt8>, end: Int) -> (UInt32, Int)? {
        let byte = buffer[index]
        let (length, minimum, initial): (Int, UInt32, UInt32) =
            switch byte {
            case 0xC0...0xDF: (2, 0x80, UInt32(byte & 0x1F))
            case 0xE0...0xEF: (3, 0x800, UInt32(byte & 0x0F))
            case 0xF0...0xF7: (4, 0x10000, UInt32(byte & 0x07))
            default: (0, 0, 0)
            }
        guard length > 0, index + length <= end else { return nil }
        var scalar = initial
        for offset in 1..<length {
            let continuation = buffer[index + offset]
            guard continuation & 0xC0 == 0x80 else { return nil }
            scalar = scalar << 6 | UInt32(continuation & 0x3F)
        }
        guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return nil }
        return (scalar, length)
    }
}
