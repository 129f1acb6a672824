import MovieRules
import MovieStore
import Testing

@Suite struct CatalogueTests {
    @Test func addThenLookUpCaseInsensitively() throws {
        let catalogue = Catalogue()
        let added = try #require(try catalogue.add(title: "The Matrix", info: "1999").addedMovie)
        #expect(catalogue.count == 1)
        #expect(try catalogue.movie(titled: "the   MATRIX") === added)
        #expect(try catalogue.movie(titled: "The Matrix Reloaded") == nil)
    }

    @Test func lookUpByKeyBytes() throws {
        let catalogue = try catalogue(["Amélie"])
        let found = Array("amélie".utf8).withUnsafeBytes { catalogue.movie(forKey: $0) }
        #expect(found?.displayTitleString == "Amélie")
        let missing = Array("Amélie".utf8).withUnsafeBytes { catalogue.movie(forKey: $0) }
        #expect(missing == nil)
    }

    @Test func addOfAnExistingTitleReportsTheExistingMovie() throws {
        let catalogue = Catalogue()
        let first = try #require(try catalogue.add(title: "AMÉLIE", info: "2001").addedMovie)
        let outcome = try catalogue.add(title: "amélie", info: "again")
        #expect(outcome.existingMovie === first)
        #expect(try catalogue.movie(titled: "Amélie")?.infoString == "2001")
        #expect(catalogue.count == 1)
    }

    @Test func editReplacesInfoAndKeepsTheDisplayTitle() throws {
        let catalogue = Catalogue()
        let original = try #require(try catalogue.add(title: "The Matrix", info: "1999").addedMovie)
        let edited = try #require(try catalogue.edit(title: "THE MATRIX", info: "  1999; Wachowski ").editedMovie)
        #expect(edited !== original)
        #expect(edited.lineString == "The Matrix | 1999; Wachowski")
        #expect(original.infoString == "1999")
        #expect(try catalogue.movie(titled: "the matrix") === edited)
        #expect(catalogue.count == 1)
    }

    @Test func editOfAMissingTitleIsNotFound() throws {
        let catalogue = try catalogue(["Alien"])
        let outcome = try catalogue.edit(title: "Aliens", info: "1986")
        guard case .notFound = outcome else {
            Issue.record("expected notFound, got \(outcome)")
            return
        }
        #expect(catalogue.count == 1)
    }

    @Test func putAddsWhenMissing() throws {
        let catalogue = Catalogue()
        let added = try #require(try catalogue.put(title: "Heat", info: "1995").addedMovie)
        #expect(added.lineString == "Heat | 1995")
        #expect(catalogue.count == 1)
    }

    @Test func putEditsWhenPresentAndKeepsTheDisplayTitle() throws {
        let catalogue = try catalogue(["Heat"])
        let edited = try #require(try catalogue.put(title: "HEAT", info: "Mann").editedMovie)
        #expect(edited.lineString == "Heat | Mann")
        #expect(try catalogue.movie(titled: "heat") === edited)
        #expect(catalogue.count == 1)
    }

    @Test func deleteReturnsTheMovieAndForgetsIt() throws {
        let catalogue = try catalogue(["Alien", "Brazil"])
        let deleted = try catalogue.delete(title: "ALIEN")
        #expect(deleted?.displayTitleString == "Alien")
        #expect(try catalogue.movie(titled: "alien") == nil)
        #expect(catalogue.count == 1)
        #expect(catalogue.snapshot().titles == ["Brazil"])
    }

    @Test func deleteOfAMissingTitleReturnsNil() throws {
        let catalogue = try catalogue(["Alien"])
        #expect(try catalogue.delete(title: "Brazil") == nil)
        #expect(catalogue.count == 1)
    }

    @Test func addAfterDeleteSetsTheDisplayTitleAnew() throws {
        let catalogue = try catalogue(["the matrix"])
        try catalogue.delete(title: "The Matrix")
        _ = try catalogue.add(title: "THE MATRIX", info: "new")
        #expect(try catalogue.movie(titled: "the matrix")?.lineString == "THE MATRIX | new")
    }

    @Test func putAfterDeleteSetsTheDisplayTitleAnew() throws {
        let catalogue = try catalogue(["heat"])
        try catalogue.delete(title: "heat")
        #expect(try catalogue.put(title: "Heat", info: "1995").addedMovie?.displayTitleString == "Heat")
    }

    @Test func invalidTitlesAndInfoAreRejected() throws {
        let catalogue = Catalogue()
        #expect(throws: TitleError.empty) { try catalogue.add(title: "  ", info: "x") }
        #expect(throws: TitleError.containsPipe) { try catalogue.movie(titled: "a | b") }
        #expect(throws: InfoError.tooLong) {
            try catalogue.add(title: "Long", info: String(repeating: "x", count: 4097))
        }
        #expect(catalogue.count == 0)
    }

    @Test func keysDifferingOnlyInCaseAreOneMovie() throws {
        let catalogue = try catalogue(["Up", "UP", "up", "uP"])
        #expect(catalogue.count == 1)
        #expect(catalogue.snapshot().titles == ["Up"])
    }
}
