import MovieStore
import Primitives

/// A made-up catalogue, the same on every run: titles in ASCII a little longer
/// than the sample catalogue's, info about as long as its `year; director; words`.
public enum SyntheticCatalogue {
    /// How many movies the catalogue holds: enough that the title index no
    /// longer fits in the first cache levels, as in a real deployment.
    public static let size = 100_000

    /// How many different titles a benchmark cycles through.
    public static let probeCount = 4_096

    private static let adjectives = [
        "Silent", "Crimson", "Last", "Broken", "Golden", "Hidden", "Midnight", "Electric",
        "Frozen", "Distant", "Wild", "Burning", "Quiet", "Lost", "Iron", "Velvet",
    ]
    private static let nouns = [
        "River", "Empire", "Garden", "Station", "Harbor", "Mirror", "Summer", "Kingdom",
        "Highway", "Orchard", "Signal", "Lighthouse", "Canyon", "Parade", "Frontier", "Letter",
    ]
    private static let genres = ["drama", "thriller", "comedy", "science fiction", "western", "documentary"]

    /// The display title of movie `number`; numbers from `size` on are not in the catalogue.
    public static func title(_ number: Int) -> String {
        "The \(adjectives[number % adjectives.count]) \(nouns[number / adjectives.count % nouns.count]) \(number)"
    }

    /// The info of movie `number`.
    public static func info(_ number: Int) -> String {
        "\(1920 + number % 105); Director Number \(number % 997); \(genres[number % genres.count]), a story told twice"
    }

    /// Movies `0..<size` in the server's catalogue file format, `Title | info` a line.
    public static func fileText() -> String {
        var text = ""
        for number in 0..<size { text += "\(title(number)) | \(info(number))\n" }
        return text
    }

    /// A catalogue of movies `0..<size`, loaded the way the server loads its file.
    public static func make() -> Catalogue {
        do { return try CatalogueFile.load(fileText()) } catch { fatalError("synthetic catalogue does not load: \(error)") }
    }

    /// `probeCount` different movie numbers of the catalogue in a shuffled order,
    /// so that consecutive lookups land on unrelated parts of the index.
    public static func presentNumbers() -> [Int] {
        var generator = SplitMix64(seed: 0x6d6f_7669_6564)
        var seen = Set<Int>()
        var numbers: [Int] = []
        while numbers.count < probeCount {
            let number = Int.random(in: 0..<size, using: &generator)
            if seen.insert(number).inserted { numbers.append(number) }
        }
        return numbers
    }

    /// `probeCount` different movie numbers that are not in the catalogue.
    public static func absentNumbers() -> [Int] {
        presentNumbers().map { size + $0 }
    }
}
