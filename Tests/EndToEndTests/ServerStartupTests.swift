import Foundation
import Glibc
import Testing
import TestSupport

/// Starting, configuring and stopping a real `movied`.
@Suite("movied start-up and shutdown")
struct ServerStartupTests {
    @Test func bindsTheFirstFreePortOfTheList() throws {
        let occupant = try ServerProcess()
        let free = ServerProcess.freePort()
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
}
