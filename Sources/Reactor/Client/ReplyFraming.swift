/// Where a protocol's reply ends, for `RequestClient`: the client-side half of what a
/// `ConnectionHandler` writes.
public protocol ReplyFraming {
    /// The length of the complete reply at the start of `bytes`, or nil while more
    /// bytes are needed to finish it.
    func replyLength(in bytes: UnsafeRawBufferPointer) -> Int?
}

/// Replies of one line each, ending in LF (the echo protocol's).
public struct OneLineReplies: ReplyFraming {
    public init() {}

    public func replyLength(in bytes: UnsafeRawBufferPointer) -> Int? {
        bytes.firstIndex(of: 0x0A).map { $0 + 1 }
    }
}
