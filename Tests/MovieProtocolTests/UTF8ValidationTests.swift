import Primitives
import MovieProtocol
import Testing

@Suite struct UTF8ValidationTests {
    func problem(_ bytes: [UInt8]) -> BadRequestReason? {
        bytes.withUnsafeBytes { UTF8Validation.firstProblem(in: $0) }
    }

    @Test func emptyAndASCIIAreValid() {
        #expect(problem([]) == nil)
        #expect(problem(Array("GET The Matrix".utf8)) == nil)
        #expect(problem(Array(String(repeating: "abcdefg ", count: 100).utf8)) == nil)
    }

    @Test func boundaryCodePointsAreValid() {
        let valid: [[UInt8]] = [
            [0x7F], [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF],
            [0xEE, 0x80, 0x80], [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
        ]
        for bytes in valid {
            #expect(problem(bytes) == nil, "\(bytes)")
            #expect(problem(Array("12345678".utf8) + bytes + Array("12345678".utf8)) == nil, "\(bytes)")
        }
    }

    @Test func malformedSequencesAreRejected() {
        let invalid: [[UInt8]] = [
            [0xC0, 0x80], [0xC1, 0xBF],  // overlong two-byte
            [0xE0, 0x9F, 0xBF],  // overlong three-byte
            [0xF0, 0x8F, 0xBF, 0xBF],  // overlong four-byte
            [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],  // surrogates
            [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],  // past U+10FFFF
            [0xE2, 0x82], [0xF0, 0x9F, 0x8E],  // truncated
            [0xE2, 0x28, 0xA1],  // bad continuation
            [0xBF], [0xFE], [0xFF],
        ]
        for bytes in invalid {
            #expect(problem(bytes) == .invalidUTF8, "\(bytes)")
            #expect(problem(Array("12345678".utf8) + bytes + Array("12345678".utf8)) == .invalidUTF8, "\(bytes)")
        }
    }

    @Test func nulIsFoundInEveryPosition() {
        for length in 1...20 {
            for position in 0..<length {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                bytes[position] = 0
                #expect(problem(bytes) == .containsNUL, "length \(length), NUL at \(position)")
            }
        }
    }

    @Test func highBytesNextToZeroTestAreNotMistakenForNUL() {
        // 0x01 and 0x80 neighbours are what trips a sloppy zero-byte test.
        #expect(problem([0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01]) == nil)
        #expect(problem([0x41, 0x01, 0x7F, 0x7F, 0x20, 0x01, 0x02, 0x7F, 0x7F]) == nil)
    }

    @Test func agreesWithTheStandardLibraryOnRandomBytes() {
        var generator = SplitMix64(seed: 0x6D6F_7669_6564)
        let alphabet: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF,
                                 0xE0, 0xE1, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF]
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 12)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            let expected: BadRequestReason? = String(validating: bytes, as: UTF8.self) == nil
                ? .invalidUTF8 : (bytes.contains(0) ? .containsNUL : nil)
            let found = problem(bytes)
            // With both faults present either answer is right: the first one found wins.
            if expected == .invalidUTF8 && bytes.contains(0) {
                #expect(found != nil, "\(bytes)")
            } else {
                #expect(found == expected, "\(bytes)")
            }
        }
    }
}
