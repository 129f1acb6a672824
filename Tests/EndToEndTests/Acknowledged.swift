import Foundation
import TestSupport

/// Writes acknowledged by the server (or answers seen), collected from several client threads.
final class Acknowledged: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var entries: [(title: String, info: String)] = []

    func add(_ title: String, _ info: String) { lock.withLock { entries.append((title, info)) } }
    var all: [(title: String, info: String)] { lock.withLock { entries } }
}

/// The entries `server` does not hold with exactly that info, each with the
/// answer it gave instead; asked 500 at a time.
func missing(_ entries: [(title: String, info: String)], from server: ServerProcess) throws -> [String] {
    let checker = try LineClient(port: server.port, timeout: 20)
    var missing: [String] = []
    for chunk in stride(from: 0, to: entries.count, by: 500) {
        let slice = entries[chunk..<min(chunk + 500, entries.count)]
        try checker.send(slice.map { "GET \($0.title)\n" }.joined())
        for (entry, answer) in zip(slice, try checker.readLines(slice.count))
        where answer != "OK \(entry.title) | \(entry.info)" {
            missing.append("\(entry.title): \(answer)")
        }
    }
    return missing
}
