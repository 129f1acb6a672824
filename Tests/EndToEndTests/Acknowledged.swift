import Foundation

/// Writes acknowledged by the server (or answers seen), collected from several client threads.
final class Acknowledged: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var entries: [(title: String, info: String)] = []

    func add(_ title: String, _ info: String) { lock.withLock { entries.append((title, info)) } }
    var all: [(title: String, info: String)] { lock.withLock { entries } }
}
