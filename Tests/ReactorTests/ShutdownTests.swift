import Foundation
import Reactor
import TestSupport
import Testing

@Suite("Stopping")
struct ShutdownTests {
    @Test func stoppingAnswersWhatWasReceivedThenCloses() throws {
        let server = try RunningLoop(UppercaseEcho())
        let client = try LineClient(port: server.port)
        try client.send("before\n")
        #expect(try client.readLine() == "BEFORE")
        let statistics = server.stop()
        #expect(client.isClosedByServer())
        #expect(statistics.connectionsCurrent == 0)
        #expect(throws: (any Error).self) { try LineClient(port: server.port) }
    }
}
