import MovieRules
@testable import MovieStore
import Testing

@Suite struct MovieTests {
    @Test func prebuildsTheGetResponseLine() throws {
        let movie = try #require(try Catalogue().add(title: "  The   Matrix ", info: " 1999 | sci-fi ").addedMovie)
        #expect(movie.getResponseLineString == "OK The Matrix | 1999 | sci-fi\n")
        #expect(movie.displayTitleString == "The Matrix")
        #expect(movie.infoString == "1999 | sci-fi")
        #expect(movie.keyString == "the matrix")
    }

    @Test func emptyInfoKeepsTheSeparatorAndSpace() throws {
        let movie = try #require(try Catalogue().add(title: "Blank", info: "  ").addedMovie)
        #expect(movie.getResponseLineString == "OK Blank | \n")
        #expect(movie.info.count == 0)
    }

    @Test func rawAccessorsPointIntoTheResponseLine() throws {
        let movie = try #require(try Catalogue().add(title: "AMÉLIE", info: "2001").addedMovie)
        let line = movie.getResponseLine
        #expect(movie.displayTitle.baseAddress == line.baseAddress! + 3)
        #expect(Array(movie.info) == Array("2001".utf8))
        #expect(movie.storedKey?.baseAddress == line.baseAddress! + line.count)
        #expect(movie.keyString == "amélie")
    }

    @Test func holdsTheLargestTitleAndInfo() throws {
        let title = String(repeating: "\u{23A}", count: 128)
        let info = String(repeating: "i", count: MovieLimits.maximumInfoBytes)
        let movie = try #require(try Catalogue().add(title: title, info: info).addedMovie)
        #expect(movie.displayTitleString == title)
        #expect(movie.infoString == info)
        #expect(movie.keyString == title.lowercased())
        #expect(movie.getResponseLine.count == 3 + 256 + 3 + 4096 + 1)
    }
}
