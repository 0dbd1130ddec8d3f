import Foundation

/// Text safe in HTML text and attribute values.
func escape(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) else { return text }
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        default: result.append(character)
        }
    }
    return result
}

/// A name as a static site's file name: letters, digits, `-` and `.` as they are, every other
/// byte `_` and two hex digits (a leading `.` too, so no name is `..`): distinct names give
/// distinct files, and the file name needs no escaping in a URL.
func siteName(_ name: String) -> String {
    var result = ""
    for byte in name.utf8 {
        let scalar = Unicode.Scalar(byte)
        let plain =
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == 0x2D || (byte == 0x2E && !result.isEmpty)
        result += plain ? String(Character(scalar)) : "_" + String(byte, radix: 16, uppercase: true).leftPadded(2)
    }
    return result
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

/// Text safe in a URL path segment or query value.
func percentEncoded(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
}
