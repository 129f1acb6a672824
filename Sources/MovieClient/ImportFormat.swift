/// The kinds of file `movie import` reads.
public enum ImportFormat: String, CaseIterable, Equatable, Sendable {
    /// `Title | info` a line, `#` comments and blank lines: the form of `Configs/catalogue.txt`.
    case catalogue
    /// IMDb's `title.basics.tsv`: tab-separated, a header row, `\N` for a missing field.
    case imdb

    /// The format a file is in: IMDb's when its first line is IMDb's header, or
    /// its name (without `.gz`) ends in `.tsv`; the catalogue's otherwise.
    public static func detect(path: String, firstLine: UnsafeRawBufferPointer) -> ImportFormat {
        if IMDbRow.isHeader(firstLine) { return .imdb }
        var name = Substring(path.split(separator: "/").last ?? "")
        if name.hasSuffix(".gz") { name = name.dropLast(3) }
        return name.hasSuffix(".tsv") ? .imdb : .catalogue
    }

    /// How reports name the format.
    public var displayName: String {
        switch self {
        case .catalogue: "catalogue"
        case .imdb: "IMDb title.basics"
        }
    }
}
