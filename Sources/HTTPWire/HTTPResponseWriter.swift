import Glibc
import HTTPTypes
import Primitives

/// What a response says about the connection after it.
public enum HTTPConnectionHeader: Sendable {
    /// Nothing: HTTP/1.1's default of staying open.
    case none
    /// `Connection: close`: the server closes once this response is sent.
    case close
    /// `Connection: keep-alive`, which an HTTP/1.0 client needs to hear to stay.
    case keepAlive
}

/// Writes response heads from parts built once: the status lines (from HTTPTypes'
/// codes and reason phrases), the header names, and a `Date` refreshed each second.
public final class HTTPResponseWriter {
    /// Indexed by `HTTPStatus.rawValue`.
    private let statusLines: [[UInt8]]
    /// `Date: <IMF-fixdate>\r\n`, 37 bytes, rewritten by `updateDate(epochSeconds:)`.
    private var dateLine = [UInt8](repeating: 0, count: 37)
    private let contentTypeName: [UInt8]
    private let contentLengthName: [UInt8]
    private let connectionClose: [UInt8]
    private let connectionKeepAlive: [UInt8]
    private let serverLine: [UInt8]

    public init(serverName: String) {
        statusLines = HTTPStatus.allCases.map { status in
            Array("HTTP/1.1 \(status.typed.code) \(status.typed.reasonPhrase)\r\n".utf8)
        }
        contentTypeName = Array("\(HTTPField.Name.contentType.rawName): ".utf8)
        contentLengthName = Array("\(HTTPField.Name.contentLength.rawName): ".utf8)
        connectionClose = Array("\(HTTPField.Name.connection.rawName): close\r\n".utf8)
        connectionKeepAlive = Array("\(HTTPField.Name.connection.rawName): keep-alive\r\n".utf8)
        serverLine = Array("\(HTTPField.Name.server.rawName): \(serverName)\r\n".utf8)
        updateDate(epochSeconds: time(nil))
    }

    /// Rewrites the `Date` header for the second `epochSeconds`; call it once a second.
    public func updateDate(epochSeconds: time_t) {
        var seconds = epochSeconds
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func twoDigits(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let text = "Date: \(days[Int(parts.tm_wday)]), \(twoDigits(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(twoDigits(parts.tm_hour)):\(twoDigits(parts.tm_min)):\(twoDigits(parts.tm_sec)) GMT\r\n"
        dateLine = Array(text.utf8)
    }

    /// The status line, `Server`, `Date`, `Content-Type` and `Content-Length` (when
    /// given), `Connection` as asked, `extraHeaders` (whole `Name: value\r\n` lines)
    /// and the blank line.
    public func appendHead(
        _ status: HTTPStatus, contentType: HTTPContentType?, contentLength: Int?,
        connection: HTTPConnectionHeader, extraHeaders: UnsafeRawBufferPointer? = nil, into output: ByteBuffer
    ) {
        output.append(statusLine(status))
        output.append(serverLine)
        output.append(dateLine)
        if let contentType {
            output.append(contentTypeName)
            output.append(contentType.value)
            output.append("\r\n")
        }
        if let contentLength {
            output.append(contentLengthName)
            output.append(decimal: contentLength)
            output.append("\r\n")
        }
        switch connection {
        case .none: break
        case .close: output.append(connectionClose)
        case .keepAlive: output.append(connectionKeepAlive)
        }
        if let extraHeaders { output.append(extraHeaders) }
        output.append("\r\n")
    }

    /// A whole response: the head with the body's length, then the body unless `omittingBody` (for `HEAD`).
    public func appendResponse(
        _ status: HTTPStatus, contentType: HTTPContentType, body: UnsafeRawBufferPointer, omittingBody: Bool,
        connection: HTTPConnectionHeader, extraHeaders: UnsafeRawBufferPointer? = nil, into output: ByteBuffer
    ) {
        if status.forbidsBody {
            appendHead(status, contentType: nil, contentLength: nil, connection: connection, extraHeaders: extraHeaders, into: output)
            return
        }
        appendHead(status, contentType: contentType, contentLength: body.count, connection: connection, extraHeaders: extraHeaders, into: output)
        if !omittingBody { output.append(body) }
    }

    /// `HTTP/1.1 100 Continue` and its blank line: go on, send the body.
    public func appendContinue(into output: ByteBuffer) {
        output.append(statusLine(.continue))
        output.append("\r\n")
    }

    private func statusLine(_ status: HTTPStatus) -> [UInt8] {
        statusLines[Int(status.rawValue)]
    }
}
