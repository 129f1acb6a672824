import LoadGeneration
import Primitives
import Testing

@Suite struct KeySpaceTests {
    @Test func keysAreZeroPaddedToAtLeastSixDigits() {
        #expect(KeySpace(count: 100, valueSize: 8).key(42) == "movie:000042")
        #expect(KeySpace(count: 1_000_000, valueSize: 8).key(999_999) == "movie:999999")
        #expect(KeySpace(count: 1_000_001, valueSize: 8).key(7) == "movie:0000007")
    }

    @Test func appendedKeysMatchTheirIndexOnly() {
        let keys = KeySpace(count: 1000, valueSize: 8)
        let buffer = ByteBuffer()
        keys.appendKey(123, to: buffer)
        #expect(String(decoding: buffer.readableBytes, as: UTF8.self) == "movie:000123")
        #expect(keys.isKey(buffer.readableBytes, 123))
        #expect(!keys.isKey(buffer.readableBytes, 124))
        #expect(!keys.isKey(UnsafeRawBufferPointer(rebasing: buffer.readableBytes.dropLast()), 123))
    }

    @Test func valuesAreFixedPerKeyAndSafeOnEveryWire() {
        let keys = KeySpace(count: 100, valueSize: 40)
        let first = String(decoding: keys.value(3), as: UTF8.self)
        #expect(first.count == 40)
        #expect(first.hasPrefix("defgh"))
        #expect(first.allSatisfy { $0.isLetter && $0.isLowercase })
        #expect(String(decoding: keys.value(29), as: UTF8.self) == first)
        #expect(String(decoding: keys.value(4), as: UTF8.self) != first)
        #expect(keys.isValue(keys.value(3), 3))
        #expect(!keys.isValue(keys.value(4), 3))
    }
}
