/// The size limits the protocol sets on lines; what a movie may hold is `MovieLimits`.
public enum ProtocolLimits {
    /// The longest request line, counting its LF; a longer one gets `ERR TOO_LONG`.
    @inlinable public static var maxRequestLineBytes: Int { 8192 }

    /// The longest response line a client reader accepts before calling the stream broken.
    ///
    /// Not a protocol limit: the longest line a conforming server sends is a `GET`
    /// answer of about 4.4 KB, or an unknown command word echoed back (under 8 KB),
    /// so this only guards a client against a peer that never sends a LF.
    @inlinable public static var maxResponseLineBytes: Int { 64 * 1024 }
}
