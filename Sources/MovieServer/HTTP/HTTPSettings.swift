/// The limits HTTP requests are held to.
public struct HTTPSettings: Sendable {
    /// The request line and headers together, line ends included: past this, `431`.
    public var maximumHeadBytes = 8_192
    /// A request body: past this, `413`. A body carries what one line-protocol
    /// request line carries, so the same limit (the line limit) bounds both.
    public var maximumBodyBytes = 8_192

    public init() {}
}
