/// A movie as one line of text: `<title> | <info>`.
///
/// Requests carry a movie this way (`ADD Heat | 1995`) and a `GET` answer
/// shows one this way, which is why a title may not hold a `|` while its info may.
public enum MovieLine {
    /// What stands between a title and its info.
    @inlinable public static var separator: StaticString { " | " }
}
