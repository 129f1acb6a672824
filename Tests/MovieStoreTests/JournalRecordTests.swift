@testable import MovieStore
import Testing

@Suite struct JournalRecordTests {
    @Test func crc32cMatchesTheStandardCheckValues() {
        #expect(Array("123456789".utf8).withUnsafeBytes { CRC32C.checksum($0) } == 0xE306_9283)
        #expect([UInt8](repeating: 0, count: 32).withUnsafeBytes { CRC32C.checksum($0) } == 0x8A91_36AA)
        let text = Array("The quick brown fox jumps over the lazy dog, twice over".utf8)
        let whole = text.withUnsafeBytes { CRC32C.checksum($0) }
        let split = text.withUnsafeBytes { CRC32C.extend(CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[..<13])), with: UnsafeRawBufferPointer(rebasing: $0[13...])) }
        #expect(whole == split)
    }

    @Test func recordsRoundTripAndStoreTheKeyOnlyWhenNeeded() throws {
        let catalogue = Catalogue()
        let plain = try #require(try catalogue.add(title: "The Matrix", info: "1999").addedMovie)
        let accented = try #require(try catalogue.add(title: "AMÉLIE", info: "2001 | Jeunet").addedMovie)
        var bytes: [UInt8] = []
        JournalRecord.appendSet(plain, to: &bytes)
        let plainSize = bytes.count
        JournalRecord.appendSet(accented, to: &bytes)
        plain.withKey { JournalRecord.appendDelete(key: $0, to: &bytes) }
        JournalRecord.appendMark(durableLength: 123_456, to: &bytes)
        #expect(plainSize == 8 + 7 + "The Matrix".utf8.count + "1999".utf8.count, "an ASCII title's key is not stored")

        try bytes.withUnsafeBytes { file in
            let (first, firstSize) = try #require(JournalRecord.decode(file, at: 0))
            guard case .set(let display, let key, let info) = first else { Issue.record("\(first)"); return }
            #expect(String(decoding: display, as: UTF8.self) == "The Matrix")
            #expect(key == nil)
            #expect(String(decoding: info, as: UTF8.self) == "1999")
            let (second, secondSize) = try #require(JournalRecord.decode(file, at: firstSize))
            guard case .set(_, let storedKey?, _) = second else { Issue.record("\(second)"); return }
            #expect(String(decoding: storedKey, as: UTF8.self) == "amélie")
            let (third, thirdSize) = try #require(JournalRecord.decode(file, at: firstSize + secondSize))
            guard case .delete(let deleted) = third else { Issue.record("\(third)"); return }
            #expect(String(decoding: deleted, as: UTF8.self) == "the matrix")
            let (fourth, fourthSize) = try #require(JournalRecord.decode(file, at: firstSize + secondSize + thirdSize))
            guard case .mark(let length) = fourth else { Issue.record("\(fourth)"); return }
            #expect(length == 123_456)
            #expect(firstSize + secondSize + thirdSize + fourthSize == file.count)
        }
    }

    @Test func aDamagedOrIncompleteRecordDoesNotDecode() throws {
        let catalogue = Catalogue()
        let movie = try #require(try catalogue.add(title: "Alien", info: "1979").addedMovie)
        var bytes: [UInt8] = []
        JournalRecord.appendSet(movie, to: &bytes)
        #expect(bytes.withUnsafeBytes { JournalRecord.decode($0, at: 0) } != nil)
        for offset in bytes.indices {
            var damaged = bytes
            damaged[offset] ^= 0x10
            #expect(damaged.withUnsafeBytes { JournalRecord.decode($0, at: 0) } == nil, "flipped a bit at \(offset)")
        }
        for length in 0..<bytes.count {
            #expect(Array(bytes.prefix(length)).withUnsafeBytes { JournalRecord.decode($0, at: 0) } == nil, "cut to \(length)")
        }
        #expect([UInt8](repeating: 0, count: 64).withUnsafeBytes { JournalRecord.decode($0, at: 0) } == nil)
    }
}
