import Foundation
import Glibc
import Testing
import TestSupport

/// Starting, configuring and stopping a real `movied`.
@Suite("movied start-up and shutdown")
struct ServerStartupTests {
    @Test func bindsTheFirstFreePortOfTheList() throws {
        let occupant = try ServerProcess()
        let free = try freePort()
        let server = try ServerProcess(arguments: ["--ports", "\(occupant.port),\(free)"])
        #expect(server.port == free)
        let client = try LineClient(port: server.port)
        try client.send("PING\n")
        #expect(try client.readLine() == "OK PONG")
    }

    @Test func saysWhichPortsItTriedWhenNoneIsFree() throws {
        let first = try ServerProcess()
        let second = try ServerProcess()
        let directory = try ServerProcess.makeTemporaryDirectory()
        let result = try ServerProcess.run("movied", ["--ports", "\(first.port),\(second.port)", "--data-dir", directory])
        #expect(result.status != 0)
        #expect(result.stderr.contains("tried \(first.port), \(second.port)"))
    }

    @Test func stopsOnSIGTERMAfterAnsweringAndExitsZero() throws {
        let server = try ServerProcess()
        let client = try LineClient(port: server.port)
        try client.send("PING\n")
        #expect(try client.readLine() == "OK PONG")
        #expect(server.stop(signal: SIGTERM) == 0)
        #expect(client.isClosedByServer())
        #expect(server.log.contains("SIGTERM"))
    }

    @Test func aBadConfigFileStopsStartUpNamingTheLine() throws {
        let directory = try ServerProcess.makeTemporaryDirectory()
        let config = directory + "/bad.conf"
        try "# ok\nport = 7070\nmax-connections = lots\n".write(toFile: config, atomically: true, encoding: .utf8)
        let result = try ServerProcess.run("movied", ["--config", config])
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(config):3: 'max-connections' must be a whole number"))
    }

    @Test func flagsWinOverTheConfigFile() throws {
        let directory = try ServerProcess.makeTemporaryDirectory()
        let config = directory + "/movied.conf"
        try "read-only = yes\nport = 1\n".write(toFile: config, atomically: true, encoding: .utf8)
        let server = try ServerProcess(arguments: ["--config", config])
        let client = try LineClient(port: server.port)
        try client.send("PUT x | y\n")
        #expect(try client.readLine()?.hasPrefix("ERR READ_ONLY") == true)
    }

    @Test func aWrongFlagGetsAClearMessage() throws {
        let result = try ServerProcess.run("movied", ["--max-connections", "0"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--max-connections"))
        let unknown = try ServerProcess.run("movied", ["--frobnicate"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("--frobnicate"))
    }

    @Test func helpDocumentsEveryFlag() throws {
        let result = try ServerProcess.run("movied", ["--help"])
        #expect(result.status == 0)
        for flag in ["--config", "--port", "--ports", "--bind", "--data-dir", "--sync", "--max-connections",
                     "--idle-timeout", "--max-line", "--write-token", "--read-only", "--log-level"] {
            #expect(result.stdout.contains(flag), "--help does not mention \(flag)")
        }
    }

    private func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length)
                return getsockname(descriptor, pointer, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
