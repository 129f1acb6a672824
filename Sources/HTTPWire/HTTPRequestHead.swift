import Primitives

/// Where reading a request head has got to after one more line.
public enum HTTPHeadProgress: Equatable, Sendable {
    /// More header lines are to come.
    case reading
    /// The blank line ended the head: the request can be served (after its body, if any).
    case complete
    /// The head cannot be served; answer the error's status and close.
    case refused(HTTPHeadError)
}

/// One connection's request head, read a line at a time as the reactor frames them.
///
/// Its buffers are kept from one request to the next, so reading a head costs no
/// allocation once a connection has seen a target and token as long as these.
public final class HTTPRequestHead {
    public private(set) var method = HTTPMethod.get
    /// HTTP/1.0 (0) or HTTP/1.1 (1).
    public private(set) var minorVersion = 1
    /// The `Content-Length`, or nil when none was sent.
    public private(set) var contentLength: Int?
    /// Whether the client asked for `100 Continue` before it sends the body.
    public private(set) var expectsContinue = false
    /// Whether the connection stays open after this exchange.
    public private(set) var keepsAlive = true
    /// Whether an `Authorization` header came; `bearerToken` holds its token if it was `Bearer`.
    public private(set) var hasAuthorization = false
    private let targetBytes = ByteBuffer()
    private let tokenBytes = ByteBuffer()
    private var hasHost = false
    private var hasTransferCoding = false
    /// What `Connection` headers said, settled at the blank line: `close` wins.
    private var asksToClose = false
    private var asksToKeepAlive = false
    private var headBytes = 0
    private var readingHeaders = false
    private let limit: Int

    /// A head reader refusing heads longer than `limit` bytes, lines and line ends included.
    public init(limit: Int) {
        self.limit = limit
    }

    /// The request target as sent: origin form, `/path?query`.
    public var target: UnsafeRawBufferPointer { targetBytes.readableBytes }

    /// The token of an `Authorization: Bearer <token>` header.
    public var bearerToken: UnsafeRawBufferPointer { tokenBytes.readableBytes }

    /// Whether a head has begun: some line of it has arrived and it is not complete.
    public var isUnderway: Bool { readingHeaders }

    /// Takes the next line of the head, without its LF (a CR before the LF is dropped here).
    public func read(line rawLine: UnsafeRawBufferPointer) -> HTTPHeadProgress {
        var line = rawLine
        if line.last == UInt8(ascii: "\r") { line = UnsafeRawBufferPointer(rebasing: line.dropLast()) }
        if !readingHeaders {
            // RFC 9112 §2.2: empty lines before a request line are to be ignored.
            if line.isEmpty { return .reading }
            start()
        }
        headBytes += rawLine.count + 1
        guard headBytes <= limit else { return .refused(.headTooLarge) }
        if targetBytes.isEmpty { return readRequestLine(line) }
        if line.isEmpty { return finish() }
        return readHeader(line)
    }

    private func start() {
        readingHeaders = true
        headBytes = 0
        contentLength = nil
        expectsContinue = false
        hasAuthorization = false
        hasHost = false
        hasTransferCoding = false
        asksToClose = false
        asksToKeepAlive = false
        targetBytes.clear()
        tokenBytes.clear()
    }

    /// `METHOD SP request-target SP HTTP/1.x`
    private func readRequestLine(_ line: UnsafeRawBufferPointer) -> HTTPHeadProgress {
        guard let firstSpace = line.firstIndex(of: UInt8(ascii: " ")),
              let lastSpace = line.lastIndex(of: UInt8(ascii: " ")), lastSpace > firstSpace + 1 else {
            return .refused(.malformed("the request line must be METHOD TARGET HTTP/1.1"))
        }
        let version = UnsafeRawBufferPointer(rebasing: line[(lastSpace + 1)...])
        guard version.count == 8, UnsafeRawBufferPointer(rebasing: version[..<5]).matches("HTTP/"), version[6] == UInt8(ascii: ".") else {
            return .refused(.malformed("the request line must end in HTTP/1.1"))
        }
        guard version[5] == UInt8(ascii: "1"), version[7] == UInt8(ascii: "0") || version[7] == UInt8(ascii: "1") else {
            return .refused(.versionNotSupported)
        }
        minorVersion = Int(version[7] - UInt8(ascii: "0"))
        let target = Self.originForm(of: UnsafeRawBufferPointer(rebasing: line[(firstSpace + 1)..<lastSpace]))
        guard target.first == UInt8(ascii: "/") else {
            return .refused(.malformed("the request target must be a path starting with /"))
        }
        for byte in target where byte <= 0x20 || byte >= 0x7F {
            return .refused(.malformed("the request target holds a space, control or non-ASCII byte; percent-encode it"))
        }
        guard let method = HTTPMethod(token: UnsafeRawBufferPointer(rebasing: line[..<firstSpace])) else {
            return .refused(.unknownMethod)
        }
        self.method = method
        targetBytes.append(target)
        return .reading
    }

    /// The path and query of a target: itself in origin form (`/path?query`); in absolute
    /// form (`http://host/path`, which RFC 9112 §3.2.2 says a server must accept), what
    /// follows the authority, or `/` when nothing does. The result points into `target`
    /// or at a literal, so it stays valid while `target` does.
    private static func originForm(of target: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let schemeEnd: Int
        if target.count >= 7, UnsafeRawBufferPointer(rebasing: target[..<7]).matchesIgnoringCase("http://") {
            schemeEnd = 7
        } else if target.count >= 8, UnsafeRawBufferPointer(rebasing: target[..<8]).matchesIgnoringCase("https://") {
            schemeEnd = 8
        } else {
            return target
        }
        let rest = UnsafeRawBufferPointer(rebasing: target[schemeEnd...])
        guard let slash = rest.firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }) else {
            let root: StaticString = "/"
            return UnsafeRawBufferPointer(start: root.utf8Start, count: root.utf8CodeUnitCount)
        }
        // `http://host?query` has no path to put the query after: refused as not a path.
        guard rest[slash] == UInt8(ascii: "/") else { return target }
        return UnsafeRawBufferPointer(rebasing: rest[slash...])
    }

    /// `name: value`
    private func readHeader(_ line: UnsafeRawBufferPointer) -> HTTPHeadProgress {
        if line[0] == UInt8(ascii: " ") || line[0] == UInt8(ascii: "\t") {
            return .refused(.malformed("obsolete line folding in headers is not accepted"))
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else {
            return .refused(.malformed("a header line must be name: value"))
        }
        let name = UnsafeRawBufferPointer(rebasing: line[..<colon])
        for byte in name where !HTTPToken.isTokenByte(byte) {
            return .refused(.malformed("a header name holds a byte that is not allowed there"))
        }
        let value = UnsafeRawBufferPointer(rebasing: line[(colon + 1)...]).trimmingOptionalWhiteSpace()
        // RFC 9112 §2.2: a bare CR must not be taken as a line end, and a proxy in front that
        // did take it so would frame the request differently; no control byte belongs in a value.
        for byte in value where (byte < 0x20 && byte != 0x09) || byte == 0x7F {
            return .refused(.malformed("a header value holds a control character"))
        }
        switch KnownField(name: name) {
        case .contentLength:
            guard let length = HTTPToken.decimal(value) else {
                return .refused(.malformed("Content-Length must be a whole number"))
            }
            if let earlier = contentLength, earlier != length {
                return .refused(.malformed("conflicting Content-Length headers"))
            }
            contentLength = length
        case .transferEncoding:
            hasTransferCoding = true
        case .connection:
            if value.containsToken("close") { asksToClose = true }
            if value.containsToken("keep-alive") { asksToKeepAlive = true }
        case .expect:
            // RFC 9110 §10.1.1: an HTTP/1.0 request's expectation is ignored.
            guard minorVersion == 1 else { break }
            guard value.matchesIgnoringCase("100-continue") else { return .refused(.expectationFailed) }
            expectsContinue = true
        case .authorization:
            hasAuthorization = true
            if value.count > 7, UnsafeRawBufferPointer(rebasing: value[..<7]).matchesIgnoringCase("bearer ") {
                tokenBytes.clear()
                tokenBytes.append(UnsafeRawBufferPointer(rebasing: value[7...]).trimmingOptionalWhiteSpace())
            }
        case .host:
            if hasHost { return .refused(.malformed("more than one Host header")) }
            hasHost = true
        case nil:
            break
        }
        return .reading
    }

    private func finish() -> HTTPHeadProgress {
        readingHeaders = false
        keepsAlive = !asksToClose && (minorVersion == 1 || asksToKeepAlive)
        if minorVersion == 1 && !hasHost {
            return .refused(.malformed("an HTTP/1.1 request needs a Host header"))
        }
        // RFC 9112 §6.1: a transfer coding other than the one we cannot frame is still one we cannot frame.
        if hasTransferCoding { return .refused(.transferCodingUnsupported) }
        if method.takesBody && contentLength == nil { return .refused(.lengthRequired) }
        return .complete
    }

    /// The request headers the server acts on.
    private enum KnownField {
        case contentLength, transferEncoding, connection, expect, authorization, host

        init?(name: UnsafeRawBufferPointer) {
            switch name.count {
            case 4: if name.matchesIgnoringCase("host") { self = .host; return }
            case 6: if name.matchesIgnoringCase("expect") { self = .expect; return }
            case 10: if name.matchesIgnoringCase("connection") { self = .connection; return }
            case 13: if name.matchesIgnoringCase("authorization") { self = .authorization; return }
            case 14: if name.matchesIgnoringCase("content-length") { self = .contentLength; return }
            case 17: if name.matchesIgnoringCase("transfer-encoding") { self = .transferEncoding; return }
            default: break
            }
            return nil
        }
    }
}
