import Dispatch
import Foundation
import Glibc

/// One socket address to try connecting to, as `getaddrinfo` gave it.
struct SocketAddress: Sendable {
    var family: Int32
    var bytes: [UInt8]
}

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
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV | (numericOnly ? AI_NUMERICHOST : 0)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(address.host, String(address.port), &hints, &list)
        guard status == 0 else {
            if numericOnly && status == EAI_NONAME { return nil }
            return .failure(.unresolved(String(cString: gai_strerror(status))))
        }
        defer { freeaddrinfo(list) }
        var found: [SocketAddress] = []
        var entry = list
        while let current = entry {
            if let socketAddress = current.pointee.ai_addr {
                let bytes = Array(UnsafeRawBufferPointer(start: socketAddress, count: Int(current.pointee.ai_addrlen)))
                found.append(SocketAddress(family: current.pointee.ai_family, bytes: bytes))
            }
            entry = current.pointee.ai_next
        }
        return found.isEmpty ? .failure(.unresolved("no address")) : .success(found)
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
