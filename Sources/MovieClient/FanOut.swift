import Primitives
import Glibc
import MovieProtocol

/// What one server did with the requests it was sent.
public struct ServerReply: Sendable {
    public let address: ServerAddress
    /// Every response, in request order, or why there are none.
    public let result: Result<[Response], ServerFailure>
    /// From the start of connecting to the last answer (or to the failure).
    public let elapsed: Duration

    public init(address: ServerAddress, result: Result<[Response], ServerFailure>, elapsed: Duration) {
        self.address = address
        self.result = result
        self.elapsed = elapsed
    }
}

/// Asks every server at the same time: one thread, one `poll(2)` loop over non-blocking sockets.
///
/// No server can hold up the others, and none can make the client hang: each
/// must connect within the timeout and then never stay silent longer than it
/// while an answer is owed.
public enum FanOut {
    /// Sends `requests` to every server and collects the answers, in server order.
    ///
    /// A byte arriving on `interruptDescriptor` (Ctrl-C, see `Interrupts`) abandons
    /// every connection still waiting and throws.
    public static func ask(
        _ servers: [ServerAddress], _ requests: [Request], timeout: Double, interruptDescriptor: Int32? = nil
    ) throws(Interruption) -> [ServerReply] {
        let connections = open(servers, requests, timeout: timeout)
        if drive(connections, interruptDescriptor: interruptDescriptor) == .interrupted { throw Interruption() }
        return connections.map(reply(for:))
    }

    static func open(_ servers: [ServerAddress], _ requests: [Request], timeout: Double) -> [ServerConnection] {
        let resolved = Resolver.resolve(servers, timeout: timeout)
        let now = ContinuousClock.now
        return zip(servers, resolved).map { address, addresses in
            ServerConnection(address: address, resolved: addresses, requests: requests, timeout: timeout, now: now)
        }
    }

    static func reply(for connection: ServerConnection) -> ServerReply {
        let elapsed = (connection.settled ?? .now) - connection.started
        switch connection.phase {
        case .failed(let failure):
            return ServerReply(address: connection.address, result: .failure(failure), elapsed: elapsed)
        default:
            return ServerReply(address: connection.address, result: .success(connection.responses), elapsed: elapsed)
        }
    }

    /// Why `drive` returned.
    enum Ending {
        /// No connection needs the loop any more.
        case allSettled
        /// A byte arrived on the interrupt descriptor (Ctrl-C while watching).
        case interrupted
    }

    /// Polls until every connection is settled or the interrupt descriptor becomes readable.
    ///
    /// `onChange` is called when a connection starts watching, and when it
    /// leaves the loop's care; `onEvent` for every event a watching connection reads.
    static func drive(
        _ connections: [ServerConnection],
        interruptDescriptor: Int32?,
        onChange: (ServerConnection) -> Void = { _ in },
        onEvent: (ServerConnection, Event) -> Void = { _, _ in }
    ) -> Ending {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var descriptors: [pollfd] = []
        var polled: [ServerConnection] = []
        // How far each connection has been reported: 1 once watching, 2 once settled.
        var reported: [ObjectIdentifier: Int] = [:]
        func reportChanges() {
            for connection in connections {
                let stage = switch connection.phase {
                case .connecting, .exchanging: 0
                case .watching: 1
                case .finished, .failed: 2
                }
                if stage > reported[ObjectIdentifier(connection), default: 0] {
                    reported[ObjectIdentifier(connection)] = stage
                    onChange(connection)
                }
            }
        }
        reportChanges()
        while connections.contains(where: \.isActive) {
            descriptors.removeAll(keepingCapacity: true)
            polled.removeAll(keepingCapacity: true)
            if let interruptDescriptor {
                descriptors.append(pollfd(fd: interruptDescriptor, events: Int16(POLLIN), revents: 0))
            }
            for connection in connections where connection.isActive {
                descriptors.append(pollfd(fd: connection.descriptor, events: connection.pollEvents, revents: 0))
                polled.append(connection)
            }
            let ready = poll(&descriptors, nfds_t(descriptors.count), pollTimeout(connections))
            if ready < 0 && errno != EINTR {
                let failure = ServerFailure.socketError(errno)
                for connection in connections where connection.isActive { connection.abandon(failure, now: .now) }
                break
            }
            let now = ContinuousClock.now
            var offset = 0
            if interruptDescriptor != nil {
                if descriptors[0].revents != 0 { return .interrupted }
                offset = 1
            }
            for (index, connection) in polled.enumerated() {
                let revents = ready > 0 ? descriptors[index + offset].revents : 0
                if revents != 0 {
                    for event in connection.handle(revents, now: now, buffer: &buffer) {
                        onEvent(connection, event)
                    }
                }
                connection.checkDeadline(now: now)
            }
            reportChanges()
        }
        return .allSettled
    }

    /// Milliseconds until the nearest deadline, rounded up; -1 (forever) when none is set.
    static func pollTimeout(_ connections: [ServerConnection]) -> Int32 {
        let now = ContinuousClock.now
        let nearest = connections.lazy.filter(\.isActive).compactMap(\.deadline).min()
        guard let nearest else { return -1 }
        let remaining = now.duration(to: nearest)
        if remaining <= .zero { return 0 }
        let milliseconds = remaining.milliseconds.rounded(.up)
        return Int32(min(milliseconds, 3_600_000))
    }
}

extension Duration {
    /// The duration in milliseconds, fractions kept.
    public var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
