/// Where an import's movies come from: one `PUT` request line at a time, in file order.
protocol MovieSource: AnyObject {
    /// Queues the next movie's request; false, with nothing queued, when the file is used up.
    func next(into queue: MovieQueue) throws(InputFileError) -> Bool
    /// How far through the file reading has got, from 0 to 1.
    var fractionRead: Double { get }
    /// How many movies the file holds, when that is known before they are all read.
    var knownTotal: Int? { get }
    /// What reading found so far.
    var tally: SourceTally { get }
}

/// What reading a file found: the movies to import, and the lines that are not.
public struct SourceTally: Equatable, Sendable {
    /// Movies read and checked, to be put on every server.
    public var movies = 0
    /// Lines that could not be imported (each reported on standard error).
    public var skipped = 0
    /// IMDb rows of a type not asked for.
    public var otherTypes = 0
    /// IMDb titles made unique with their year (`Title (Year)`).
    public var withYear = 0
    /// IMDb titles made unique with their IMDb id (`Title (Year, tt...)`).
    public var withID = 0

    public init(movies: Int = 0, skipped: Int = 0, otherTypes: Int = 0, withYear: Int = 0, withID: Int = 0) {
        self.movies = movies
        self.skipped = skipped
        self.otherTypes = otherTypes
        self.withYear = withYear
        self.withID = withID
    }
}
