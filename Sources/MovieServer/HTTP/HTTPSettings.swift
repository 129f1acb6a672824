import MovieRules

/// The limits HTTP requests are held to.
public struct HTTPSettings: Sendable {
    /// The request line and headers together, line ends included: past this, `431`.
    public var maximumHeadBytes = 8_192
    /// A request body: past this, `413`. Room for the longest title and info with
    /// every byte escaped as JSON's longest escape (`\uXXXX` for one byte of
    /// UTF-8 at worst), and the object around them: a valid request is never refused
    /// for its size, and a body is still held whole in a connection's input.
    public var maximumBodyBytes = 6 * (MovieLimits.maximumTitleBytes + MovieLimits.maximumInfoBytes) + 1_024

    public init() {}
}
