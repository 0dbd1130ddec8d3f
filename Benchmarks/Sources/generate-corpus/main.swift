import CorpusGenerator
import Foundation

// usage: generate-corpus FOLDER COUNT [SEED]
let arguments = CommandLine.arguments
guard arguments.count >= 3, let count = Int(arguments[2]), count > 0 else {
    FileHandle.standardError.write(Data("usage: generate-corpus FOLDER COUNT [SEED]\n".utf8))
    exit(2)
}
let seed = arguments.count > 3 ? UInt64(arguments[3]) ?? 1 : 1
do {
    try CorpusGenerator(seed: seed).write(count: count, to: arguments[1])
} catch {
    FileHandle.standardError.write(Data("generate-corpus: \(error)\n".utf8))
    exit(1)
}
