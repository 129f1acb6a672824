import Dispatch
import Foundation
import Primitives

/// Turns server addresses into socket addresses, every name within the timeout.
///
/// Numeric addresses are converted on the spot. Names are looked up on
/// background threads, because `getaddrinfo` cannot be given a timeout: a name
/// whose lookup is still running at the deadline is reported as unresolved,
/// and its thread is left to finish on its own.
enum Resolver {
    static func resolve(_ addresses: [ServerAddress], timeout: Double) -> [Result<[SocketAddress], ServerFailure>] {
        var results: [Result<[SocketAddress], ServerFailure>?] = addresses.map { lookup($0, numericOnly: true) }
        let pending = results.indices.filter { results[$0] == nil }
        guard !pending.isEmpty else { return results.map { $0! } }
        let boxes = pending.map { _ in ResultBox() }
        for (index, box) in zip(pending, boxes) {
            let address = addresses[index]
            DispatchQueue.global().async {
                box.set(lookup(address, numericOnly: false) ?? .failure(.unresolved("no address")))
            }
        }
        let deadline = DispatchTime.now() + timeout
        for (index, box) in zip(pending, boxes) {
            _ = box.done.wait(timeout: deadline)
            results[index] = box.get() ?? .failure(.unresolved("no answer within \(ServerFailure.seconds(timeout))"))
        }
        return results.map { $0! }
    }

    /// The addresses of `address`; `nil` when `numericOnly` and the host is a name.
    static func lookup(_ address: ServerAddress, numericOnly: Bool) -> Result<[SocketAddress], ServerFailure>? {
        do {
            return .success(try address.socketAddresses(numericOnly: numericOnly))
        } catch {
            return error.needsNameLookup ? nil : .failure(.unresolved(error.reason))
        }
    }
}

/// A lookup result handed from a background thread, guarded by a lock.
private final class ResultBox: @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var result: Result<[SocketAddress], ServerFailure>?

    func set(_ value: Result<[SocketAddress], ServerFailure>) {
        lock.withLock { result = value }
        done.signal()
    }

    func get() -> Result<[SocketAddress], ServerFailure>? {
        lock.withLock { result }
    }
}
