import Primitives
import Foundation
import Glibc
import MovieClient
import MovieProtocol
import Testing

/// The poll loop against servers that answer, refuse, stall or talk nonsense.
@Suite("fan-out")
struct FanOutTests {
    static let count = Request(command: .count, line: Array("COUNT\n".utf8))

    static func local(_ port: UInt16) -> ServerAddress { ServerAddress(host: "127.0.0.1", port: port) }

    /// A port nobody listens on: bound, then closed.
    static func deadPort() throws -> UInt16 {
        let server = try FakeServer(accepting: false)
        return server.port
    }

    @Test func everyServerIsAskedAndEachFailureIsItsOwn() throws {
        let good = try FakeServer { connection in
            if FakeServer.readLine(connection) == "COUNT" { FakeServer.send(connection, "OK 42\n") }
        }
        let garbage = try FakeServer { connection in
            _ = FakeServer.readLine(connection)
            FakeServer.send(connection, "HTTP/1.1 400 Bad Request\r\n\r\n")
        }
        let hangsUp = try FakeServer { connection in
            _ = FakeServer.readLine(connection)
            FakeServer.send(connection, "OK 4")
        }
        let silent = try FakeServer(accepting: false)
        let dead = try Self.deadPort()
        let servers = [good.port, garbage.port, hangsUp.port, silent.port, dead].map(Self.local)
        let started = ContinuousClock.now
        let replies = try FanOut.ask(servers, [Self.count], timeout: 0.5)
        let elapsed = ContinuousClock.now - started
        #expect(replies.map(\.address) == servers)
        #expect(ServerAnswer(replies[0]) == .ok(text: "42", lines: []))
        guard case .failed(.protocolViolation(let error)) = ServerAnswer(replies[1]) else {
            Issue.record("garbage was not a protocol violation: \(replies[1].result)")
            return
        }
        #expect(error.line.hasPrefix("HTTP/1.1 400"))
        #expect(ServerAnswer(replies[2]) == .failed(.closed))
        #expect(ServerAnswer(replies[3]) == .failed(.responseTimeout(0.5)))
        #expect(ServerAnswer(replies[4]) == .failed(.connectFailed(ECONNREFUSED)))
        // All at once: the one silent server costs one timeout, not one per server.
        #expect(elapsed < .milliseconds(1500))
        #expect(elapsed >= .milliseconds(450))
    }

    @Test func severalSilentServersTimeOutTogether() throws {
        let silent = try (0..<4).map { _ in try FakeServer(accepting: false) }
        let started = ContinuousClock.now
        let replies = try FanOut.ask(silent.map { Self.local($0.port) }, [Self.count], timeout: 0.3)
        #expect(ContinuousClock.now - started < .milliseconds(900))
        #expect(replies.allSatisfy { ServerAnswer($0) == .failed(.responseTimeout(0.3)) })
    }

    @Test func multiLineAnswersArriveWhole() throws {
        let server = try FakeServer { connection in
            _ = FakeServer.readLine(connection)
            // Split mid-line, as a slow network would.
            FakeServer.send(connection, "OK 3\nAlien\nHe")
            usleep(50_000)
            FakeServer.send(connection, "at\nZodiac\n")
        }
        let all = Request(command: .all, line: Array("ALL\n".utf8))
        let replies = try FanOut.ask([Self.local(server.port)], [all], timeout: 2)
        #expect(ServerAnswer(replies[0]) == .ok(text: "3", lines: ["Alien", "Heat", "Zodiac"]))
    }

    @Test func anUnresolvableNameIsReportedNotFatal() throws {
        let replies = try FanOut.ask([ServerAddress(host: "no-such-host.invalid", port: 7070)], [Self.count], timeout: 2)
        guard case .failed(.unresolved) = ServerAnswer(replies[0]) else {
            Issue.record("expected unresolved, got \(replies[0].result)")
            return
        }
    }
}
