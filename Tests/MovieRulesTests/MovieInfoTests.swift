import MovieRules
import Testing

@Suite struct MovieInfoTests {
    @Test func trimsOnlyTheEnds() throws {
        #expect(try MovieInfo.trim(" \t1999;  Wachowski\t ") == "1999;  Wachowski")
    }

    @Test func mayBeEmpty() throws {
        #expect(try MovieInfo.trim("") == "")
        #expect(try MovieInfo.trim(" \t ") == "")
    }

    @Test func mayHoldPipes() throws {
        #expect(try MovieInfo.trim("a | b") == "a | b")
    }

    @Test func acceptsExactly4096Bytes() throws {
        let longest = String(repeating: "i", count: MovieLimits.maximumInfoBytes)
        #expect(try MovieInfo.trim("  \(longest)  ") == longest)
    }

    @Test func rejects4097Bytes() {
        #expect(throws: InfoError.tooLong) {
            try MovieInfo.trim(String(repeating: "i", count: MovieLimits.maximumInfoBytes + 1))
        }
    }

    @Test func limitsArePublished() {
        #expect(MovieLimits.maximumTitleBytes == 256)
        #expect(MovieLimits.maximumInfoBytes == 4096)
    }
}
