import Primitives

/// The contents of a servers file: one `HOST:PORT` a line, `#` starts a comment.
///
/// Every line is kept as written, comments and blank lines included, so that
/// `addserver` and `deleteserver` change only the line they are about.
public struct ServersFile: Equatable, Sendable {
    public enum Line: Equatable, Sendable {
        /// A blank line or a comment, kept verbatim.
        case text(String)
        /// A server, with the line as written (it may carry a trailing comment).
        case server(ServerAddress, line: String)
    }

    public var lines: [Line]

    public init(lines: [Line] = []) {
        self.lines = lines
    }

    /// Reads a servers file's text; a line that is not an address is an error naming its line number.
    public init(parsing text: String) throws(ServersFileError) {
        var lines: [Line] = []
        // "\r\n" is a single Character, so CRLF files need it named as a separator.
        var rawLines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.map(String.init)
        if rawLines.last == "" { rawLines.removeLast() }
        for (index, line) in rawLines.enumerated() {
            let content = line.prefix { $0 != "#" }.trimmingWhiteSpace()
            if content.isEmpty {
                lines.append(.text(line))
                continue
            }
            do {
                lines.append(.server(try ServerAddress(parsing: String(content)), line: line))
            } catch {
                throw ServersFileError(lineNumber: index + 1, problem: error)
            }
        }
        self.lines = lines
    }

    /// The servers in file order, each once.
    public var servers: [ServerAddress] {
        var seen = Set<ServerAddress>()
        return lines.compactMap { line in
            guard case .server(let address, _) = line, seen.insert(address).inserted else { return nil }
            return address
        }
    }

    /// The file's text: every line followed by a LF.
    public var text: String {
        lines.map { line in
            switch line {
            case .text(let text): text + "\n"
            case .server(_, let text): text + "\n"
            }
        }.joined()
    }

    /// Appends `address` unless it is already listed; returns whether it was added.
    @discardableResult
    public mutating func add(_ address: ServerAddress) -> Bool {
        guard !servers.contains(address) else { return false }
        lines.append(.server(address, line: address.description))
        return true
    }

    /// Removes every line listing `address`; returns whether there was one.
    @discardableResult
    public mutating func remove(_ address: ServerAddress) -> Bool {
        let before = lines.count
        lines.removeAll { line in
            if case .server(let listed, _) = line { return listed == address }
            return false
        }
        return lines.count != before
    }

    /// What a first run starts from when no copy of `Configs/servers` can be found.
    public static let builtIn = ServersFile(lines: [
        .text("# movie servers: one HOST:PORT a line ([::1]:7070 for IPv6); '#' starts a comment."),
        .server(ServerAddress(host: "127.0.0.1", port: 7070), line: "127.0.0.1:7070"),
    ])
}

/// A servers file line that is not a valid address.
public struct ServersFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public let lineNumber: Int
    public let problem: AddressError

    public var description: String { "line \(lineNumber): \(problem)" }
}
