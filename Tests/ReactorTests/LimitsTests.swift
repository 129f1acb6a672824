import Foundation
import Reactor
import TestSupport
import Testing

@Suite("Limits")
struct LimitsTests {
    @Test func refusesConnectionsOverTheLimitWithBusy() throws {
        var limits = ReactorLimits()
        limits.maximumConnections = 2
        let server = try RunningLoop(UppercaseEcho(), limits: limits)
        defer { server.stop() }
        let first = try LineClient(port: server.port)
        let second = try LineClient(port: server.port)
        try first.send("a\n")
        try second.send("b\n")
        #expect(try first.readLine() == "A")
        #expect(try second.readLine() == "B")
        let third = try LineClient(port: server.port)
        #expect(try third.readToEnd() == "BUSY\n")
        try first.send("still here\n")
        #expect(try first.readLine() == "STILL HERE")
    }

    @Test func acceptsALineOfExactlyTheLimitAndRefusesOneByteMore() throws {
        var limits = ReactorLimits()
        limits.maximumLineLength = 100
        let server = try RunningLoop(UppercaseEcho(), limits: limits)
        defer { server.stop() }
        let fits = try LineClient(port: server.port)
        try fits.send(String(repeating: "a", count: 99) + "\n")
        #expect(try fits.readLine() == String(repeating: "A", count: 99))
        let tooLong = try LineClient(port: server.port)
        try tooLong.send(String(repeating: "a", count: 100) + "\nnext\n")
        #expect(try tooLong.readToEnd() == "TOO LONG\n")
    }

    @Test func refusesAnEndlessLineWithoutWaitingForItsEnd() throws {
        var limits = ReactorLimits()
        limits.maximumLineLength = 1_000
        let server = try RunningLoop(UppercaseEcho(), limits: limits)
        defer { server.stop() }
        let client = try LineClient(port: server.port)
        try client.send(String(repeating: "x", count: 5_000))
        #expect(try client.readToEnd() == "TOO LONG\n")
    }

    @Test func closesConnectionsIdleLongerThanTheTimeout() throws {
        var limits = ReactorLimits()
        limits.idleTimeoutSeconds = 1
        let server = try RunningLoop(UppercaseEcho(), limits: limits)
        defer { server.stop() }
        let client = try LineClient(port: server.port, timeout: 5)
        try client.send("ping\n")
        #expect(try client.readLine() == "PING")
        let started = Date()
        #expect(client.isClosedByServer())
        #expect(Date().timeIntervalSince(started) < 4.5)
    }

    @Test func keepsConnectionsWithoutTimeoutOpen() throws {
        let server = try RunningLoop(UppercaseEcho())
        defer { server.stop() }
        let client = try LineClient(port: server.port, timeout: 2.5)
        #expect(!client.isClosedByServer())
        try client.send("alive\n")
        #expect(try client.readLine() == "ALIVE")
    }
}
