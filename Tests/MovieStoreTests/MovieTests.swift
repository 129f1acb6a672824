import MovieRules
@testable import MovieStore
import Testing

@Suite struct MovieTests {
    @Test func prebuildsTheMovieLine() throws {
        let movie = try #require(try Catalogue().add(title: "  The   Matrix ", info: " 1999 | sci-fi ").addedMovie)
        #expect(movie.lineString == "The Matrix | 1999 | sci-fi")
        #expect(movie.displayTitleString == "The Matrix")
        #expect(movie.infoString == "1999 | sci-fi")
        #expect(movie.keyString == "the matrix")
    }

    @Test func emptyInfoKeepsTheSeparatorAndSpace() throws {
        let movie = try #require(try Catalogue().add(title: "Blank", info: "  ").addedMovie)
        #expect(movie.lineString == "Blank | ")
        #expect(movie.info.count == 0)
    }

    @Test func rawAccessorsPointIntoTheMovieLine() throws {
        let movie = try #require(try Catalogue().add(title: "AMÉLIE", info: "2001").addedMovie)
        let line = movie.line
        #expect(movie.displayTitle.baseAddress == line.baseAddress!)
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
        #expect(movie.line.count == 256 + 3 + 4096)
    }
}
