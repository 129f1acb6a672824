import MovieRules
import Testing

@Suite struct ASCIIFoldingTests {
    /// The word-at-a-time fold agrees with the byte-at-a-time one for every byte value in every lane.
    @Test func wordFoldingMatchesByteFolding() {
        for lane in 0..<8 {
            for value in 0...255 {
                var bytes: [UInt8] = [0x41, 0x5a, 0x61, 0x7a, 0x40, 0x5b, 0xc1, 0xda]
                bytes[lane] = UInt8(value)
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                let folded = withUnsafeBytes(of: ASCIIFolding.lowercased(word: word)) { Array($0) }
                #expect(folded == bytes.map(ASCIIFolding.lowercased))
            }
        }
    }

    /// The ASCII-only word fold agrees with the general one for every ASCII byte in every lane.
    @Test func asciiWordFoldingMatchesTheGeneralFold() {
        for lane in 0..<8 {
            for value in 0...127 {
                var bytes: [UInt8] = [0x41, 0x5a, 0x61, 0x7a, 0x40, 0x5b, 0x20, 0x7c]
                bytes[lane] = UInt8(value)
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                #expect(ASCIIFolding.lowercased(asciiWord: word) == ASCIIFolding.lowercased(word: word))
            }
        }
    }
}
