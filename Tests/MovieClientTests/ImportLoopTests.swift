import Foundation
import Glibc
@testable import MovieClient
import MovieProtocol
import Primitives
import Testing
import TestSupport

/// The import's pipelined connections against servers that answer, refuse, die or deny.
@Suite("import: pipelined connections")
struct ImportLoopTests {
    /// Movies from a list, as the loop takes them from a file.
    final class ListSource: MovieSource {
        private let titles: [String]
        private var cursor = 0

        init(count: Int) {
            titles = (0..<count).map { "Film \($0)" }
        }

        func next(into queue: MovieQueue) throws(InputFileError) -> Bool {
            guard cursor < titles.count else { return false }
            defer { cursor += 1 }
            try? queue.appendPut(title: titles[cursor], info: "info")
            return true
        }

        var fractionRead: Double { Double(cursor) / Double(titles.count) }
        var knownTotal: Int? { titles.count }
        var tally: SourceTally { SourceTally(movies: cursor) }
    }

    /// A pipe whose read end stands in for the Ctrl-C descriptor.
    static func quietInterrupt() -> Int32 {
        var ends: [Int32] = [-1, -1]
        _ = pipe(&ends)
        return ends[0]
    }

    /// Runs an import of `count` movies into the fake servers; returns each connection.
    static func importMovies(
        _ count: Int, into ports: [UInt16], token: String? = nil, timeout: Double = 2
    ) -> (connections: [ImportConnection], stop: ImportLoop.Stop?) {
        let now = ContinuousClock.now
        let authentication = token.map { Array("AUTH \($0)\n".utf8) }
        let connections = ports.map { port in
            let address = ServerAddress(host: "127.0.0.1", port: port)
            return ImportConnection(address: address, resolved: .success(try! address.socketAddresses()),
                                    authentication: authentication, timeout: timeout, now: now)
        }
        let loop = ImportLoop(connections: connections, source: ListSource(count: count),
                              interruptDescriptor: quietInterrupt(), progress: nil)
        return (connections, loop.run())
    }

    /// Reads request lines as they come and, each time the client pauses (its window is full),
    /// sends what `answer` makes of the lines not yet answered; `nil` hangs up.
    static func serve(_ connection: Int32, answer: ([String]) -> String?) {
        var pending: [String] = []
        var partial: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            var polled = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
            if poll(&polled, 1, pending.isEmpty ? 2000 : 20) == 0 {
                if pending.isEmpty { return }
                guard let reply = answer(pending) else { return }
                FakeServer.send(connection, reply)
                pending.removeAll()
                continue
            }
            let count = recv(connection, &buffer, buffer.count, 0)
            if count <= 0 { return }
            for byte in buffer[..<count] {
                if byte == 0x0A {
                    pending.append(String(decoding: partial, as: UTF8.self))
                    partial.removeAll()
                } else {
                    partial.append(byte)
                }
            }
        }
    }

    static func put(_ line: String) -> String {
        String(line.dropFirst(4).prefix { $0 != "|" }.dropLast())
    }

    @Test func neverMoreThanTheWindowIsInFlightAndEveryAnswerIsCounted() throws {
        let largest = Shared(0)
        let server = try FakeServer { connection in
            var answered = 0
            Self.serve(connection) { lines in
                largest.withLock { $0 = max($0, lines.count) }
                return lines.map { line -> String in
                    answered += 1
                    if answered % 10 == 0 { return "ERR UNAVAILABLE disk full\n" }
                    return answered % 2 == 0 ? "OK edited \(Self.put(line))\n" : "OK added \(Self.put(line))\n"
                }.joined()
            }
        }
        let count = 2 * ImportConnection.window + 1000
        let (connections, stop) = Self.importMovies(count, into: [server.port])
        #expect(stop == nil)
        let connection = try #require(connections.first)
        #expect(largest.withLock { $0 } == ImportConnection.window)
        #expect(connection.answered == count)
        #expect(connection.added == count / 2)
        #expect(connection.replaced == count / 2 - count / 10)
        #expect(connection.refused == count / 10)
        #expect(connection.firstRefusal == .error(.unavailable, "disk full"))
        guard case .finished = connection.phase else {
            Issue.record("not finished: \(connection.phase)")
            return
        }
    }

    @Test func aServerThatDiesLeavesTheRestUnansweredAndTheOthersGetEverything() throws {
        let good = try FakeServer { connection in
            Self.serve(connection) { lines in lines.map { "OK added \(Self.put($0))\n" }.joined() }
        }
        let dying = try FakeServer { connection in
            var answered = 0
            Self.serve(connection) { lines in
                // Answers 300 movies, then hangs up with more owed.
                let taken = min(lines.count, 300 - answered)
                answered += taken
                let reply = lines.prefix(taken).map { "OK added \(Self.put($0))\n" }.joined()
                guard answered < 300 else {
                    FakeServer.send(connection, reply)
                    return nil
                }
                return reply
            }
        }
        let (connections, stop) = Self.importMovies(700, into: [good.port, dying.port])
        #expect(stop == nil)
        #expect(connections[0].added == 700)
        #expect(connections[1].answered == 300)
        #expect(connections[1].added == 300)
        guard case .failed(.failure(.closed)) = connections[1].phase else {
            Issue.record("expected closed, got \(connections[1].phase)")
            return
        }
    }

    @Test func aWrongTokenStopsTheServerAtOnce() throws {
        let server = try FakeServer { connection in
            Self.serve(connection) { lines in
                lines.map { $0.hasPrefix("AUTH ") ? "ERR DENIED wrong token\n" : "ERR DENIED writes need AUTH <token> first\n" }
                    .joined()
            }
        }
        let (connections, _) = Self.importMovies(50, into: [server.port], token: "nope")
        #expect(connections[0].answered == 0)
        guard case .failed(.error(.denied, "wrong token")) = connections[0].phase else {
            Issue.record("expected DENIED, got \(connections[0].phase)")
            return
        }
    }

    @Test(.disabled(if: Sanitizers.areActive, "its 1.2 s of sending assume an unsanitized client"))
    func ctrlCStopsTheImportAndWhatWasOwedIsCountedAsInterrupted() throws {
        let slow = try FakeServer { connection in
            Self.serve(connection) { lines in
                usleep(1_000_000)
                return lines.map { "OK added \(Self.put($0))\n" }.joined()
            }
        }
        let address = ServerAddress(host: "127.0.0.1", port: slow.port)
        let connection = ImportConnection(address: address, resolved: .success(try address.socketAddresses()),
                                          authentication: nil, timeout: 5, now: .now)
        var interrupt: [Int32] = [-1, -1]
        _ = pipe(&interrupt)
        let pressed = interrupt[1]
        let pressing = DispatchSemaphore(value: 0)
        // The pipe closes only after the press: a late write must not land on a reused descriptor number.
        defer {
            pressing.wait()
            interrupt.forEach { close($0) }
        }
        Thread.detachNewThread {
            usleep(1_200_000)
            var byte: UInt8 = 1
            _ = write(pressed, &byte, 1)
            pressing.signal()
        }
        let started = ContinuousClock.now
        let loop = ImportLoop(connections: [connection], source: ListSource(count: 100_000),
                              interruptDescriptor: interrupt[0], progress: nil)
        #expect(loop.run() == .interrupted)
        #expect(ContinuousClock.now - started < .seconds(1.9), "at once, not when the next window is answered")
        #expect(connection.answered == ImportConnection.window, "one window answered before Ctrl-C")
        guard case .failed(.failure(.interrupted)) = connection.phase else {
            Issue.record("expected interrupted, got \(connection.phase)")
            return
        }
    }

    @Test func aServerThatFallsSilentTimesOut() throws {
        let silent = try FakeServer { connection in
            Self.serve(connection) { _ in
                usleep(1_500_000)
                return nil
            }
        }
        let started = ContinuousClock.now
        let (connections, _) = Self.importMovies(10, into: [silent.port], timeout: 0.3)
        #expect(ContinuousClock.now - started < .seconds(1.4))
        guard case .failed(.failure(.responseTimeout(0.3))) = connections[0].phase else {
            Issue.record("expected a timeout, got \(connections[0].phase)")
            return
        }
    }
}

/// A value shared with a fake server's thread.
final class Shared<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
        lock.withLock { body(&value) }
    }
}
