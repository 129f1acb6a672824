import Primitives

/// IMDb's titles made unique, by a rule decided over all the rows kept before anything is sent.
///
/// Titles are not unique in IMDb, and a server holds one movie per title. So:
/// - a title that occurs once is used as is: `Heat`;
/// - when several rows share a title (compared as servers compare them, case
///   and white space aside), each becomes `Title (Year)`: `Heat (1995)`;
/// - rows that still share title and year, and such rows with no year, get
///   the IMDb id as well: `Heat (1995, tt0000001)`, `Heat (tt0000002)`.
///
/// In the rare case that a title so made meets another row's own title (a film
/// called `Heat (1995)`), the rows that meet get their id as well.
enum UniqueTitles {
    /// How much a row's title was extended.
    enum Extension: UInt8, Comparable, Sendable {
        case none
        case year
        case id

        static func < (lhs: Extension, rhs: Extension) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// How far each row's title must be extended to make it unique, in row order.
    ///
    /// Keys are compared where they lie in `movies`; only the extended keys,
    /// of the few rows that share a title, are made as arrays.
    static func extensions(_ movies: IMDbMovies) -> [Extension] {
        let groups = KeyGroups(movies)
        var extensions = (0..<movies.count).map { index -> Extension in
            if groups.size(ofGroupOf: index) == 1 { return .none }
            return movies.year(index) == nil ? .id : .year
        }
        // Each round can only raise extensions, and `.id` titles cannot meet, so this ends.
        var changed = true
        while changed {
            changed = false
            var extended: [[UInt8]: [Int]] = [:]
            for index in extensions.indices where extensions[index] != .none {
                extended[key(of: index, in: movies, extensions[index]), default: []].append(index)
            }
            for (key, var meeting) in extended {
                let plain = key.withUnsafeBytes { groups.firstRow(withKey: $0) }
                if let plain, groups.size(ofGroupOf: plain) == 1, extensions[plain] == .none {
                    meeting.append(plain)
                }
                guard meeting.count > 1 else { continue }
                for index in meeting where extensions[index] < .id {
                    extensions[index] = .id
                    changed = true
                }
            }
        }
        return extensions
    }

    /// Appends the row's title with its extension: `Heat`, `Heat (1995)`, `Heat (1995, tt0113277)`.
    static func appendTitle(of index: Int, in movies: IMDbMovies, _ extension: Extension, to output: ByteBuffer) {
        output.append(movies.title(index))
        appendSuffix(of: index, in: movies, `extension`, to: output)
    }

    private static func appendSuffix(of index: Int, in movies: IMDbMovies, _ extension: Extension, to output: ByteBuffer) {
        guard `extension` != .none else { return }
        let year = movies.year(index)
        output.append(" (")
        if let year {
            output.append(decimal: year)
            if `extension` == .id { output.append(", ") }
        }
        if `extension` == .id || year == nil { output.append(movies.id(index)) }
        output.append(byte: UInt8(ascii: ")"))
    }

    /// The key of the extended title: the extension is ASCII, so it lowercases on its own.
    private static func key(of index: Int, in movies: IMDbMovies, _ extension: Extension) -> [UInt8] {
        let suffix = ByteBuffer()
        appendSuffix(of: index, in: movies, `extension`, to: suffix)
        var key = Array(movies.key(index))
        key.append(contentsOf: suffix.readableBytes.lazy.map { $0 &- UInt8(ascii: "A") < 26 ? $0 | 0x20 : $0 })
        return key
    }
}
