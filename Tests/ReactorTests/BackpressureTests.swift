import Foundation
import Reactor
import TestSupport
import Testing

@Suite("Backpressure")
struct BackpressureTests {
    @Test func stopsReadingFromAClientThatDoesNotReadAndStillServesOthers() throws {
        let server = try RunningLoop(UppercaseEcho())
        defer { server.stop() }
        let hog = try LineClient(port: server.port)
        let line = Array(String(repeating: "z", count: 1_000).utf8) + [0x0A]
        let burst = Array([[UInt8]](repeating: line, count: 1_000).joined())
        // Keep sending without reading until the kernel refuses more: the server must have
        // stopped reading, or this goes on until the limit.
        let (sent, stalled) = hog.sendUntilStalled(burst, limit: 400_000_000)
        #expect(stalled, "the server kept reading \(sent) bytes from a client that never read")
        #expect(sent < 100_000_000)

        let bystander = try LineClient(port: server.port)
        try bystander.send("served\n")
        #expect(try bystander.readLine() == "SERVED")

        // Everything the hog sent is answered, in order, once it reads.
        let expectedLines = sent / line.count
        let upper = String(repeating: "Z", count: 1_000)
        var matched = 0
        for _ in 0..<expectedLines where try hog.readLine() == upper { matched += 1 }
        #expect(matched == expectedLines)
    }
}
