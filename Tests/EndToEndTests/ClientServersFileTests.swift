import Foundation
import Testing
import TestSupport

/// The servers file: first run from `Configs/servers`, `addserver`/`deleteserver`, and commands reading it.
@Suite("movie client: servers file")
struct ClientServersFileTests {
    @Test func addAndDeleteServerRoundTripThroughTheConfigDirectory() throws {
        let server = try ServerProcess()
        let config = try ServerProcess.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: config) }
        let environment = ["XDG_CONFIG_HOME": config, "HOME": config]
        let path = config + "/movie/servers"
        func movie(_ arguments: String...) throws -> (status: Int32, stdout: String, stderr: String) {
            try ServerProcess.run("movie", ["--timeout", "1"] + arguments, environment: environment)
        }

        // A first run lists the starting copy of Configs/servers, without writing anything.
        let first = try movie("serverlist")
        #expect(first.stdout.hasPrefix("127.0.0.1:7070  "), "\(first.stdout)")
        #expect(first.stdout.contains("from \(path) (not written yet: the starting list)"))
        #expect(!FileManager.default.fileExists(atPath: path))

        let address = "127.0.0.1:\(server.port)"
        let added = try movie("addserver", address)
        #expect(added.status == 0)
        #expect(added.stdout.hasPrefix("added \(address) to \(path)\n\(address) is up ("), "\(added.stdout)")
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasSuffix("\n127.0.0.1:7070\n\(address)\n"))
        #expect(try movie("addserver", address).stdout == "\(address) is already in \(path)\n")

        let removed = try movie("deleteserver", "127.0.0.1:7070")
        #expect(removed.status == 0)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("#"), "the comment line is kept")
        #expect(!text.contains("127.0.0.1:7070\n"))
        #expect(text.hasSuffix("\n\(address)\n"))

        let list = try movie("serverlist")
        #expect(list.status == 0)
        #expect(list.stdout.hasPrefix("\(address)  up ("))
        #expect(list.stdout.contains(" ms)\n1 server from \(path), 1 up\n"))

        // Commands without --server ask the servers in the file.
        let get = try movie("get", "heat")
        #expect(get.status == 0)
        #expect(get.stdout.hasPrefix("\(address)  Heat | 1995; Michael Mann"))

        let again = try movie("deleteserver", "127.0.0.1:7070")
        #expect(again.status == 1)
        #expect(again.stderr == "movie: 127.0.0.1:7070 is not in \(path)\n")
        #expect(try movie("addserver", "not-an-address").status == 2)
        #expect(try movie("addserver", "[::1]:7071").status == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasSuffix("\(address)\n[::1]:7071\n"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: config + "/movie")
        #expect(leftovers == ["servers"], "no temporary file is left behind")
    }

    @Test func serversFileOptionAndDownServersInTheList() throws {
        let server = try ServerProcess()
        let directory = try ServerProcess.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/my-servers"
        let dead = ClientHarness.deadPort()
        try "# two servers\n127.0.0.1:\(server.port)\n127.0.0.1:\(dead)  # switched off\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let list = try ServerProcess.run("movie", ["--servers-file", path, "serverlist"])
        #expect(list.status == 1)
        let lines = ClientHarness.lines(list.stdout)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("127.0.0.1:\(server.port)  up ("))
        #expect(lines[1] == "127.0.0.1:\(dead)  down (connection refused)")
        #expect(list.stderr == "movie: 1 of 2 servers not answering\n")

        try "127.0.0.1:\(server.port)\nbroken line\n".write(toFile: path, atomically: true, encoding: .utf8)
        let broken = try ServerProcess.run("movie", ["--servers-file", path, "count"])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("servers file \(path), line 2: bad server address 'broken line'"))
    }
}
