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

    /// Ordering a movie by its key, folded as it is read, agrees with comparing the built key.
    @Test func comparingAKeyInPlaceAgreesWithComparingTheBuiltKey() throws {
        let catalogue = Catalogue()
        let titles = ["The Matrix", "the matrix reloaded", "AMÉLIE", "Zorro", "a", "ABCDEFGHIJKLMNOPQ", "abcdefghijklmnopq x", "Ⱥ title", "[Rec]", "@home"]
        let movies = try titles.map { try #require(try catalogue.add(title: $0, info: "").addedMovie) }
        let probes = ["the matrix", "the matrix reloaded", "amélie", "zorro", "", "abcdefghijklmnopq", "abcdefghijklmnopp", "ⱥ title", "[rec]", "`home", "{"]
        for movie in movies {
            for probe in probes {
                let expected = movie.withKey { key in Array(probe.utf8).withUnsafeBytes { ByteComparison.compare(key, $0) } }
                let found = Array(probe.utf8).withUnsafeBytes { movie.compareKey(with: $0) }
                #expect(found.signum() == expected.signum(), "\(movie.keyString) vs \(probe)")
            }
        }
    }
}
