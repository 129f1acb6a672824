import Foundation
import Reactor
import TestSupport
import Testing

@Suite("Many clients at once")
struct ManyClientsTests {
    @Test func answersWhicheverClientSpeaksFirst() throws {
        let server = try RunningLoop(UppercaseEcho())
        defer { server.stop() }
        let clients = try (0..<200).map { _ in try LineClient(port: server.port) }
        // The last client speaks first while the others stay silent: it must not wait for them.
        try clients[199].send("last\n")
        #expect(try clients[199].readLine() == "LAST")
        for (index, client) in clients.enumerated().reversed() {
            try client.send("client \(index)\n")
        }
        for (index, client) in clients.enumerated() {
            #expect(try client.readLine() == "CLIENT \(index)")
        }
    }

    @Test func servesAThousandConnectionBurst() throws {
        let server = try RunningLoop(UppercaseEcho())
        let clients = try (0..<1_000).map { _ in try LineClient(port: server.port, timeout: 20) }
        for (index, client) in clients.enumerated() { try client.send("n\(index)\n") }
        var answered = 0
        for (index, client) in clients.enumerated() where try client.readLine() == "N\(index)" {
            answered += 1
        }
        #expect(answered == 1_000)
        let statistics = server.stop()
        #expect(statistics.connectionsTotal == 1_000)
    }

    @Test func clientsTalkToEachOtherThroughTheServer() throws {
        let server = try RunningLoop(UppercaseEcho())
        defer { server.stop() }
        let alice = try LineClient(port: server.port)
        let bob = try LineClient(port: server.port)
        let carol = try LineClient(port: server.port)
        for client in [alice, bob, carol] {
            try client.send("hi\n")
            _ = try client.readLine()
        }
        try alice.send("SHOUT lunch?\n")
        #expect(try alice.readLine() == "SHOUTED")
        #expect(try bob.readLine() == "HEARD lunch?")
        #expect(try carol.readLine() == "HEARD lunch?")
    }
}
