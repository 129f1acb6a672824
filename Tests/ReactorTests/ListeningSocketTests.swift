import Reactor
import Testing

@Suite("Binding a port from a list")
struct ListeningSocketTests {
    @Test func portZeroBindsSomeFreePort() throws {
        let socket = try ListeningSocket(host: "127.0.0.1", ports: [0])
        #expect(socket.port > 0)
        #expect(socket.displayAddress == "127.0.0.1:\(socket.port)")
    }

    @Test func skipsPortsInUseAndBindsTheFirstFreeOne() throws {
        let taken = try ListeningSocket(host: "127.0.0.1", ports: [0])
        let free = try ListeningSocket(host: "127.0.0.1", ports: [0])
        let freePort = free.port
        _ = consume free
        let chosen = try ListeningSocket(host: "127.0.0.1", ports: [taken.port, freePort])
        #expect(chosen.port == freePort)
    }

    @Test func saysWhichPortsItTriedWhenNoneIsFree() throws {
        let first = try ListeningSocket(host: "127.0.0.1", ports: [0])
        let second = try ListeningSocket(host: "127.0.0.1", ports: [0])
        #expect {
            _ = try ListeningSocket(host: "127.0.0.1", ports: [first.port, second.port])
        } throws: { error in
            "\(error)" == "no free port on 127.0.0.1: tried \(first.port), \(second.port)"
        }
    }

    @Test func rejectsAnAddressThatDoesNotParse() {
        #expect(throws: ListeningSocket.BindError.self) {
            _ = try ListeningSocket(host: "localhost.invalid", ports: [0])
        }
    }

    @Test func bindsIPv6Loopback() throws {
        let socket = try ListeningSocket(host: "::1", ports: [0])
        #expect(socket.displayAddress == "[::1]:\(socket.port)")
    }
}
