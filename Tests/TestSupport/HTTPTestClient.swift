import Foundation

/// One HTTP response as read off the wire.
public struct HTTPReply: Sendable {
    public let status: Int
    /// Header names in lower case; a repeated header keeps its last value.
    public let headers: [String: String]
    public let body: String

    /// The body parsed as a JSON object, or an empty one.
    public var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }
}

/// A raw HTTP/1.1 client over one kept-alive connection, for tests that need to see
/// exactly what goes over the wire: pipelining, framing, statuses, closes.
public final class HTTPTestClient {
    public let connection: LineClient

    public init(port: Int, timeout: Double = 5) throws {
        connection = try LineClient(port: port, timeout: timeout)
    }

    /// The bytes of a request with `Host` and, for a body, `Content-Length`.
    public static func request(_ method: String, _ target: String, body: String? = nil, headers: [String] = []) -> String {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: test\r\n"
        for header in headers { text += "\(header)\r\n" }
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n"
        if let body { text += body }
        return text
    }

    /// Sends one request and reads its response.
    public func send(_ method: String, _ target: String, body: String? = nil, headers: [String] = []) throws -> HTTPReply {
        try connection.send(Self.request(method, target, body: body, headers: headers))
        return try readReply(toHead: method == "HEAD")
    }

    /// Reads the next response; a `HEAD` response, a `204` and a `1xx` have no body whatever their headers say.
    public func readReply(toHead: Bool = false) throws -> HTTPReply {
        guard let statusLine = try connection.readLine() else { throw LineClient.Failure("connection closed before a response") }
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0] == "HTTP/1.1", let status = Int(parts[1]) else {
            throw LineClient.Failure("not a status line: \(statusLine.debugDescription)")
        }
        var headers: [String: String] = [:]
        while let line = try connection.readLine(), line != "\r" {
            guard let colon = line.firstIndex(of: ":") else { throw LineClient.Failure("not a header: \(line.debugDescription)") }
            let name = line[..<colon].lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r")))
        }
        var body = ""
        if !toHead, status != 204, status >= 200, let length = headers["content-length"].flatMap(Int.init) {
            body = String(decoding: try connection.readBytes(length), as: UTF8.self)
        }
        return HTTPReply(status: status, headers: headers, body: body)
    }
}
