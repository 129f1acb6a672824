@testable import MovieStore
import Testing

@Suite struct HashAndBytesTests {
    /// Reference vectors of SipHash-1-3 (Rust's `test_siphash_1_3`): key bytes
    /// 00...0f, message `n` = bytes 0..<n, output written as little-endian bytes.
    static let vectors: [Int: String] = [
        0: "dcc40f055801acab", 1: "93ca577df39bf4c9", 7: "4011b19b987d92d3", 8: "8e9a298d11959036",
        15: "5699512a6dd820d3", 16: "668b907d1add4fcc", 31: "bcd1218c1fdd7023", 63: "a8b3bbb76290199d",
    ]

    @Test func sipHashMatchesReferenceVectors() {
        let hasher = SipHash13(key0: 0x0706_0504_0302_0100, key1: 0x0f0e_0d0c_0b0a_0908)
        let message = (0..<64).map { UInt8($0) }
        for (length, hex) in Self.vectors {
            var expected: UInt64 = 0
            for byte in (0..<8).reversed() {
                let digits = hex.dropFirst(byte * 2).prefix(2)
                expected = expected << 8 | UInt64(digits, radix: 16)!
            }
            let hash = message.withUnsafeBytes { hasher.hash(UnsafeRawBufferPointer(rebasing: $0[..<length])) }
            #expect(hash == expected, "length \(length)")
        }
    }

    @Test func indexesGetDifferentRandomKeys() {
        let first = SipHash13()
        let second = SipHash13()
        #expect(first.key0 != second.key0 || first.key1 != second.key1)
    }

    @Test func compareOrdersAsUnsignedBytes() {
        let cases: [(String, String, Int)] = [
            ("", "", 0), ("a", "", 1), ("abc", "abd", -1), ("abcdefghij", "abcdefghij", 0),
            ("abcdefgh1", "abcdefgh", 1), ("abcdefgz", "abcdefgh-long", 1), ("z", "é", -1), ("Z", "a", -1),
        ]
        for (a, b, sign) in cases {
            let result = Array(a.utf8).withUnsafeBytes { a in Array(b.utf8).withUnsafeBytes { ByteComparison.compare(a, $0) } }
            #expect(result.signum() == sign, "\(a) vs \(b)")
            let equal = Array(a.utf8).withUnsafeBytes { a in Array(b.utf8).withUnsafeBytes { ByteComparison.equal(a, $0) } }
            #expect(equal == (sign == 0), "\(a) == \(b)")
        }
    }

    @Test func containsFindsSubstrings() {
        func contains(_ haystack: String, _ needle: String) -> Bool {
            Array(haystack.utf8).withUnsafeBytes { h in Array(needle.utf8).withUnsafeBytes { ByteComparison.contains(h, $0) } }
        }
        #expect(contains("the matrix", "the matrix"))
        #expect(contains("the matrix", "x"))
        #expect(contains("the matrix", "e m"))
        #expect(!contains("the matrix", "matrix reloaded"))
        #expect(!contains("aaab", "aab "))
        #expect(contains("aaab", "aab"))
    }
}
