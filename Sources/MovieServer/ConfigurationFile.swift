import Glibc
import Primitives

/// The config file: `key = value` lines, `#` comments, blank lines ignored.
///
/// Keys are the long flag names without `--` (`max-connections = 500`); an unknown
/// key or a bad value stops start-up naming the file and the line.
public enum ConfigurationFile {
    /// A config file that cannot be used, with where and why.
    public struct Problem: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Applies the settings in the file at `path` on top of `configuration`.
    public static func apply(_ path: String, to configuration: inout ServerConfiguration) throws(Problem) {
        guard let text = readFile(path) else {
            throw Problem(description: "\(path): cannot read: \(Errno.current)")
        }
        try apply(text, named: path, to: &configuration)
    }

    /// Applies settings from `text`, reporting problems as `name:line: what`.
    public static func apply(_ text: String, named name: String, to configuration: inout ServerConfiguration) throws(Problem) {
        var seen: [ServerConfiguration.Key: Int] = [:]
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            let line = String(rawLine.trimmingWhiteSpace())
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw Problem(description: "\(name):\(lineNumber): expected 'key = value', got '\(line)'")
            }
            let keyText = String(line[..<equals].trimmingWhiteSpace())
            let value = String(line[line.index(after: equals)...].trimmingWhiteSpace())
            guard let key = ServerConfiguration.Key(rawValue: keyText) else {
                let known = ServerConfiguration.Key.allCases.map(\.rawValue).joined(separator: ", ")
                throw Problem(description: "\(name):\(lineNumber): unknown key '\(keyText)' (known keys: \(known))")
            }
            if let earlier = seen[key] {
                throw Problem(description: "\(name):\(lineNumber): '\(keyText)' is already set on line \(earlier)")
            }
            seen[key] = lineNumber
            do {
                try configuration.set(key, to: value)
            } catch {
                throw Problem(description: "\(name):\(lineNumber): \(error)")
            }
        }
    }

    private static func readFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4_096)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count > 0 { bytes.append(contentsOf: chunk[..<count]) }
            if count < chunk.count { break }
        }
        guard ferror(file) == 0 else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
