import Glibc
import MovieProtocol
import MovieRules
import Primitives

/// One row of IMDb's `title.basics.tsv`, as far as the import uses it.
///
/// The file is tab-separated with no quoting; `\N` marks a missing field.
/// `originalTitle` and `isAdult` are not used. A row is read in place: its
/// fields point into the line and its title into the `TitleNormalizer`, so a
/// million rows cost no string each; both are valid until the next line is
/// read or normalised.
struct IMDbRow {
    /// The header row's column names, in order.
    static let columns = [
        "tconst", "titleType", "primaryTitle", "originalTitle", "isAdult",
        "startYear", "endYear", "runtimeMinutes", "genres",
    ]

    /// IMDb's id, e.g. `tt0111161`.
    let id: UnsafeRawBufferPointer
    /// `movie`, `tvMovie`, `short` ...
    let type: UnsafeRawBufferPointer
    /// `primaryTitle` in display form (white space folded), and its key: what servers match it by.
    let title: NormalizedTitle
    let startYear: Int?
    let endYear: Int?
    let minutes: Int?
    /// Comma-separated, as IMDb writes them: `Drama,Crime`.
    let genres: UnsafeRawBufferPointer?

    /// What a row turned out to be.
    enum Parsed {
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

    /// Reads one row, keeping it only if its type is one of `types`; `normalizer` holds the title.
    ///
    /// The type is looked at first, so the many rows of other types cost no
    /// more than finding two tabs.
    static func parse(
        _ line: UnsafeRawBufferPointer, keeping types: [[UInt8]], normalizer: TitleNormalizer
    ) -> Parsed {
        var fields = Fields(line)
        fields.find(upTo: 3)
        guard fields.count >= 3 else { return .bad(fieldCountMessage(fields.count)) }
        let type = fields[1]
        guard types.contains(where: { $0.elementsEqual(type) }) else { return .otherType }
        switch UTF8Validation.firstProblem(in: line) {
        case .invalidUTF8: return .bad("not valid UTF-8")
        case .containsNUL: return .bad("contains a NUL byte")
        case nil: break
        }
        fields.find(upTo: .max)
        guard fields.count == columns.count else { return .bad(fieldCountMessage(fields.count)) }
        guard let id = fields.value(0), !id.isEmpty, id.allSatisfy(isIDByte) else {
            return .bad("tconst is not an IMDb id: '\(text(fields[0]))'")
        }
        guard let primaryTitle = fields.value(2) else { return .bad("\(text(id)) has no primaryTitle") }
        // A CR, or a title the normaliser refuses, is rare: the string check that explains it runs only then.
        guard !primaryTitle.contains(UInt8(ascii: "\r")),
              let title = try? normalizer.normalize(primaryTitle) else {
            return .bad("\(text(id)): \(titleProblem(primaryTitle))")
        }
        let startYear: Int?, endYear: Int?, minutes: Int?
        do throws(NotANumber) {
            startYear = try number(fields.value(5), "startYear")
            endYear = try number(fields.value(6), "endYear")
            minutes = try number(fields.value(7), "runtimeMinutes")
        } catch {
            return .bad("\(text(id)): \(error.field) is not a number: '\(error.text)'")
        }
        return .kept(IMDbRow(
            id: id, type: type, title: title,
            startYear: startYear, endYear: endYear, minutes: minutes, genres: fields.value(8)
        ))
    }

    /// Appends the movie's info: `1994; 142 min; Drama,Crime; tt0111161`.
    ///
    /// In order: the year (`1994-1998` with an end year), the type unless it
    /// is `movie`, the running time, the genres and the IMDb id; a part whose
    /// field is missing (`\N`) is left out.
    func appendInfo(to output: ByteBuffer) {
        if let startYear {
            output.append(decimal: startYear)
            if let endYear {
                output.append(byte: UInt8(ascii: "-"))
                output.append(decimal: endYear)
            }
            output.append("; ")
        }
        if !type.elementsEqual("movie".utf8) {
            output.append(type)
            output.append("; ")
        }
        if let minutes {
            output.append(decimal: minutes)
            output.append(" min; ")
        }
        if let genres {
            output.append(genres)
            output.append("; ")
        }
        output.append(id)
    }

    /// The tab-separated fields of a line, found only as far as they are needed.
    private struct Fields {
        let line: UnsafeRawBufferPointer
        /// Where fields 0 to 9 start; only the first `min(count, 10)` are known.
        private var starts = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        /// The fields found so far: all of them once the line is used up.
        private(set) var count = 1
        /// Where the search for the next tab resumes; nil once the line is used up.
        private var searchFrom: Int? = 0

        init(_ line: UnsafeRawBufferPointer) {
            self.line = line
        }

        /// Finds fields until `wanted` are known or the line is used up.
        mutating func find(upTo wanted: Int) {
            guard let base = line.baseAddress else {
                searchFrom = nil
                return
            }
            while count < wanted, let from = searchFrom {
                guard let tab = memchr(base + from, Int32(UInt8(ascii: "\t")), line.count - from) else {
                    searchFrom = nil
                    return
                }
                let next = base.distance(to: UnsafeRawPointer(tab)) + 1
                // Past the tenth field only the count matters: no row that long is kept.
                if count < 10 {
                    withUnsafeMutableBytes(of: &starts) { $0.storeBytes(of: next, toByteOffset: count * MemoryLayout<Int>.stride, as: Int.self) }
                }
                count += 1
                searchFrom = next
            }
        }

        /// Field `index`, which must be one of the first nine found.
        subscript(index: Int) -> UnsafeRawBufferPointer {
            let end = index + 1 < count ? start(index + 1) - 1 : line.count
            return UnsafeRawBufferPointer(rebasing: line[start(index)..<end])
        }

        /// The field, or nil where it is `\N`.
        func value(_ index: Int) -> UnsafeRawBufferPointer? {
            let field = self[index]
            return field.count == 2 && field[0] == UInt8(ascii: "\\") && field[1] == UInt8(ascii: "N") ? nil : field
        }

        private func start(_ index: Int) -> Int {
            withUnsafeBytes(of: starts) { $0.load(fromByteOffset: index * MemoryLayout<Int>.stride, as: Int.self) }
        }
    }

    /// A field meant to hold a number that does not: its name and what it held.
    private struct NotANumber: Error {
        let field: StaticString
        let text: String
    }

    /// A year or running time, one to six digits; nil where the field is `\N`.
    private static func number(_ digits: UnsafeRawBufferPointer?, _ field: StaticString) throws(NotANumber) -> Int? {
        guard let digits else { return nil }
        guard !digits.isEmpty, digits.count <= 6 else { throw NotANumber(field: field, text: text(digits)) }
        var value = 0
        for byte in digits {
            guard byte &- UInt8(ascii: "0") < 10 else { throw NotANumber(field: field, text: text(digits)) }
            value = value * 10 + Int(byte &- UInt8(ascii: "0"))
        }
        return value
    }

    /// Why the title was refused, in `InputValidation`'s words: it applies the same rules to the same bytes.
    private static func titleProblem(_ title: UnsafeRawBufferPointer) -> String {
        do {
            _ = try InputValidation.normalizedTitle(text(title))
            return "the title cannot be read" // Not reached: the rules that refused it refuse it again.
        } catch {
            return error.description
        }
    }

    private static func text(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10 || byte &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "A") < 26
    }

    private static func fieldCountMessage(_ count: Int) -> String {
        "expected \(columns.count) tab-separated fields, found \(count)"
    }
}
