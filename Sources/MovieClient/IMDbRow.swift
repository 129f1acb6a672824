import MovieProtocol

/// One row of IMDb's `title.basics.tsv`, as far as the import uses it.
///
/// The file is tab-separated with no quoting; `\N` marks a missing field.
/// `originalTitle` and `isAdult` are not used.
struct IMDbRow: Equatable {
    /// The header row's column names, in order.
    static let columns = [
        "tconst", "titleType", "primaryTitle", "originalTitle", "isAdult",
        "startYear", "endYear", "runtimeMinutes", "genres",
    ]

    /// IMDb's id, e.g. `tt0111161`.
    let id: String
    /// `movie`, `tvMovie`, `short` ...
    let type: String
    /// `primaryTitle` in display form (white space folded).
    let title: String
    /// The title's key: what servers match it by.
    let key: String
    let startYear: Int?
    let endYear: Int?
    let minutes: Int?
    /// Comma-separated, as IMDb writes them: `Drama,Crime`.
    let genres: String?

    /// What a row turned out to be.
    enum Parsed: Equatable {
        case kept(IMDbRow)
        /// A well-formed row of a type not asked for.
        case otherType
        /// A row of a type asked for that cannot be imported, and why.
        case bad(String)
    }

    /// Whether `line` is the header row.
    static func isHeader(_ line: UnsafeRawBufferPointer) -> Bool {
        line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) } == columns
    }

    /// Reads one row, keeping it only if its type is one of `types`.
    ///
    /// The type is looked at first, so the many rows of other types cost no
    /// more than finding two tabs.
    static func parse(_ line: UnsafeRawBufferPointer, keeping types: [[UInt8]]) -> Parsed {
        guard let firstTab = line.firstIndex(of: UInt8(ascii: "\t")),
              let secondTab = line[(firstTab + 1)...].firstIndex(of: UInt8(ascii: "\t")) else {
            return .bad(fieldCountMessage(line))
        }
        let type = line[(firstTab + 1)..<secondTab]
        guard types.contains(where: { $0.elementsEqual(type) }) else { return .otherType }
        switch UTF8Validation.firstProblem(in: line) {
        case .invalidUTF8: return .bad("not valid UTF-8")
        case .containsNUL: return .bad("contains a NUL byte")
        case nil: break
        }
        let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        guard fields.count == columns.count else { return .bad(fieldCountMessage(line)) }
        func value(_ index: Int) -> String? { fields[index] == #"\N"# ? nil : fields[index] }
        guard let id = value(0), !id.isEmpty, id.utf8.allSatisfy(isIDByte) else {
            return .bad("tconst is not an IMDb id: '\(fields[0])'")
        }
        guard let primaryTitle = value(2) else { return .bad("\(id) has no primaryTitle") }
        let title: (display: String, key: String)
        do {
            title = try InputValidation.normalizedTitle(primaryTitle)
        } catch {
            return .bad("\(id): \(error)")
        }
        var numbers: [Int?] = []
        for (index, name) in [(5, "startYear"), (6, "endYear"), (7, "runtimeMinutes")] {
            guard let text = value(index) else {
                numbers.append(nil)
                continue
            }
            guard text.utf8.count <= 6, !text.isEmpty, text.utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }),
                  let number = Int(text) else {
                return .bad("\(id): \(name) is not a number: '\(text)'")
            }
            numbers.append(number)
        }
        return .kept(IMDbRow(
            id: id, type: fields[1], title: title.display, key: title.key,
            startYear: numbers[0], endYear: numbers[1], minutes: numbers[2], genres: value(8)
        ))
    }

    /// The movie's info: `1994; 142 min; Drama,Crime; tt0111161`.
    ///
    /// In order: the year (`1994-1998` with an end year), the type unless it
    /// is `movie`, the running time, the genres and the IMDb id; a part whose
    /// field is missing (`\N`) is left out.
    var info: String {
        var parts: [String] = []
        if let startYear {
            parts.append(endYear.map { "\(startYear)-\($0)" } ?? String(startYear))
        }
        if type != "movie" { parts.append(type) }
        if let minutes { parts.append("\(minutes) min") }
        if let genres { parts.append(genres) }
        parts.append(id)
        return parts.joined(separator: "; ")
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10 || byte &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "A") < 26
    }

    private static func fieldCountMessage(_ line: UnsafeRawBufferPointer) -> String {
        let count = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).count
        return "expected \(columns.count) tab-separated fields, found \(count)"
    }
}
