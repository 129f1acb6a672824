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
    enum Extension: Int, Comparable, Sendable {
        case none
        case year
        case id

        static func < (lhs: Extension, rhs: Extension) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// What the rule needs of a row.
    struct Row: Equatable {
        let title: String
        let key: String
        let year: Int?
        let id: String
    }

    /// How far each row's title must be extended to make it unique, in row order.
    static func extensions(_ rows: [Row]) -> [Extension] {
        // Per key: how many rows have it, and the first of them.
        var keys: [String: (count: Int, first: Int)] = [:]
        keys.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            keys[row.key, default: (0, index)].count += 1
        }
        var extensions = rows.map { row -> Extension in
            if keys[row.key]?.count == 1 { return .none }
            return row.year == nil ? .id : .year
        }
        // Each round can only raise extensions, and `.id` titles cannot meet, so this ends.
        var changed = true
        while changed {
            changed = false
            var extended: [String: [Int]] = [:]
            for index in rows.indices where extensions[index] != .none {
                extended[key(of: rows[index], extensions[index]), default: []].append(index)
            }
            for (key, var meeting) in extended {
                if let plain = keys[key], plain.count == 1, extensions[plain.first] == .none {
                    meeting.append(plain.first)
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

    /// The row's title with its extension: `Heat`, `Heat (1995)`, `Heat (1995, tt0113277)`.
    static func title(of row: Row, _ extension: Extension) -> String {
        row.title + suffix(of: row, `extension`)
    }

    private static func suffix(of row: Row, _ extension: Extension) -> String {
        switch (`extension`, row.year) {
        case (.none, _): ""
        case (.year, let year?): " (\(year))"
        case (.year, nil), (.id, nil): " (\(row.id))"
        case (.id, let year?): " (\(year), \(row.id))"
        }
    }

    /// The key of the extended title: the extension is ASCII, so it lowercases on its own.
    private static func key(of row: Row, _ extension: Extension) -> String {
        row.key + suffix(of: row, `extension`).lowercased()
    }
}
