@testable import MovieStore
import Testing

/// A movie stores its key only when it is not the display title with A-Z
/// lowercased; derived keys must behave exactly like stored ones.
@Suite struct MovieKeyTests {
    @Test func onlyKeysThatASCIIFoldingCannotDeriveAreStored() throws {
        let catalogue = Catalogue()
        let ascii = try #require(try catalogue.add(title: "The MATRIX 1999", info: "").addedMovie)
        let accentedLower = try #require(try catalogue.add(title: "Amélie", info: "").addedMovie)
        let accentedUpper = try #require(try catalogue.add(title: "ÉCOLE", info: "").addedMovie)
        let greek = try #require(try catalogue.add(title: "ΣΩΚΡΆΤΗΣ", info: "").addedMovie)
        #expect(ascii.storedKey == nil)
        #expect(accentedLower.storedKey == nil, "é is already lowercase, so folding A-Z derives the key")
        #expect(accentedUpper.storedKey != nil)
        #expect(greek.storedKey != nil)
        #expect(ascii.keyString == "the matrix 1999")
        #expect(accentedUpper.keyString == "école")
        #expect(greek.keyString == "ΣΩΚΡΆΤΗΣ".lowercased())
    }

    @Test func nonASCIITitlesAreFoundEditedAndDeleted() throws {
        let titles = ["ÉCOLE", "Amélie", "ΣΩΚΡΆΤΗΣ", "Ⱥ Film", "Straße", "plain"]
        let catalogue = try catalogue(titles)
        for title in titles {
            #expect(try catalogue.movie(titled: title)?.displayTitleString == title)
            #expect(try catalogue.movie(titled: title.lowercased())?.displayTitleString == title)
        }
        #expect(try catalogue.movie(titled: "école")?.displayTitleString == "ÉCOLE")
        #expect(try catalogue.movie(titled: "AMÉLIE")?.displayTitleString == "Amélie")
        #expect(try catalogue.movie(titled: "PLAIN")?.displayTitleString == "plain")
        #expect(try catalogue.edit(title: "école", info: "new").editedMovie?.displayTitleString == "ÉCOLE")
        #expect(try catalogue.movie(titled: "École")?.infoString == "new")
        #expect(try catalogue.delete(title: "ΣΩΚΡΆΤΗΣ".lowercased()) != nil)
        #expect(try catalogue.movie(titled: "ΣΩΚΡΆΤΗΣ") == nil)
        let keys = catalogue.snapshot().map { Array($0.keyString.utf8) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0.lexicographicallyPrecedes($1) })
        #expect(try catalogue.movies(containing: "COL").titles == ["ÉCOLE"])
        #expect(try catalogue.movies(containing: "LAI").titles == ["plain"])
    }
}
