/// Why a movie's info was refused.
public enum InfoError: Error, Equatable, Sendable {
    /// Longer than `MovieLimits.maximumInfoBytes` after trimming.
    case tooLong
}

/// A movie's info, trimmed and checked against the size limit.
///
/// It points into the bytes it was made from, so it is valid as long as they are.
public struct MovieInfo {
    /// The info's bytes; possibly empty, possibly holding `|`.
    public let bytes: UnsafeRawBufferPointer

    /// Trims leading and trailing spaces and tabs from `bytes`; no copy is made.
    public init(trimming bytes: UnsafeRawBufferPointer) throws(InfoError) {
        let trimmed = WhiteSpace.trim(bytes)
        guard trimmed.count <= MovieLimits.maximumInfoBytes else { throw .tooLong }
        self.bytes = trimmed
    }

    /// Trims `info` as `init(trimming:)` does and returns it as a string.
    public static func trim(_ info: String) throws(InfoError) -> String {
        var info = info
        // `withUTF8` rethrows untyped errors, so the typed one travels in a `Result`.
        let result = info.withUTF8 { utf8 in
            Result { () throws(InfoError) in
                String(decoding: try MovieInfo(trimming: UnsafeRawBufferPointer(utf8)).bytes, as: UTF8.self)
            }
        }
        return try result.get()
    }
}
