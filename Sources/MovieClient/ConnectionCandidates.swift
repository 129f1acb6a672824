import Glibc
import Primitives

/// The addresses a server name resolved to, tried in turn until one accepts a connection.
///
/// Connecting never blocks: a socket whose connect is in progress is handed
/// back, and once `poll` reports it writable `connectionFailed(_:)` says
/// whether it worked. Shared by the fan-out's and the import's connections.
struct ConnectionCandidates {
    private var remaining: [SocketAddress]
    private var lastError: Int32 = ECONNREFUSED

    init(_ addresses: [SocketAddress]) {
        remaining = addresses
    }

    /// A socket connecting (or already connected) to the next address that takes one;
    /// nil when none is left, and then `failure` says why.
    mutating func startNext() -> (descriptor: Int32, isConnected: Bool)? {
        while !remaining.isEmpty {
            let candidate = remaining.removeFirst()
            switch candidate.startConnecting() {
            case .success(let started):
                return started
            case .failure(let failure):
                lastError = failure.rawValue
            }
        }
        return nil
    }

    /// Whether the connect in progress on `descriptor` failed; the error is kept for `failure`.
    mutating func connectionFailed(_ descriptor: Int32) -> Bool {
        guard let failure = SocketAddress.connectionError(of: descriptor) else { return false }
        lastError = failure.rawValue
        return true
    }

    /// Why no address took a connection: the last one's error.
    var failure: ServerFailure { .connectFailed(lastError) }
}
