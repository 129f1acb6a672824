import Primitives
import Foundation
import MovieClient
import Testing

@Suite("servers file")
struct ServersFileTests {
    let sample = """
        # my servers
        127.0.0.1:7070

        [::1]:7071   # the IPv6 one
        db.example.com:7072
        127.0.0.1:7070

        """

    @Test func parsingKeepsEveryLineAndListsEachServerOnce() throws {
        let file = try ServersFile(parsing: sample)
        #expect(file.servers.map(\.description) == ["127.0.0.1:7070", "[::1]:7071", "db.example.com:7072"])
        #expect(file.text == sample)
    }

    @Test func windowsLineEndingsAreRead() throws {
        let file = try ServersFile(parsing: "# x\r\n127.0.0.1:7070\r\n")
        #expect(file.servers == [ServerAddress(host: "127.0.0.1", port: 7070)])
    }

    @Test func aBadLineIsReportedWithItsNumber() {
        #expect(throws: ServersFileError.self) { try ServersFile(parsing: "# ok\n127.0.0.1:7070\nnot an address\n") }
        do {
            _ = try ServersFile(parsing: "# ok\n127.0.0.1:7070\nnot-an-address\n")
        } catch {
            #expect(error.lineNumber == 3)
            #expect(error.description.hasPrefix("line 3: bad server address 'not-an-address'"))
        }
    }

    @Test func addAppendsOnceAndRemoveTakesEveryCopyButKeepsComments() throws {
        var file = try ServersFile(parsing: sample)
        let new = try ServerAddress(parsing: "10.0.0.9:7000")
        let added = file.add(new)
        let addedAgain = file.add(new)
        #expect(added && !addedAgain)
        #expect(file.text == sample + "10.0.0.9:7000\n")
        let local = try ServerAddress(parsing: "127.0.0.1:7070")
        let removed = file.remove(local)
        let removedAgain = file.remove(local)
        #expect(removed && !removedAgain)
        #expect(file.text == "# my servers\n\n[::1]:7071   # the IPv6 one\ndb.example.com:7072\n10.0.0.9:7000\n")
    }
}

@Suite("servers store")
struct ServersStoreTests {
    let directory = NSTemporaryDirectory() + "movie-client-test-" + UUID().uuidString

    @Test func theDefaultPathFollowsXDGThenHome() {
        #expect(ServersStore.defaultPath(environment: ["XDG_CONFIG_HOME": "/c", "HOME": "/h"]) == "/c/movie/servers")
        #expect(ServersStore.defaultPath(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/h"]) == "/h/.config/movie/servers")
        #expect(ServersStore.defaultPath(environment: ["HOME": "/h"]) == "/h/.config/movie/servers")
    }

    @Test func aMissingFileStartsFromTheStartingCopy() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let start = directory + "/start"
        try "# start\n10.1.1.1:7070\n".write(toFile: start, atomically: true, encoding: .utf8)
        let loaded = try ServersStore(path: directory + "/none", startingCopyPath: start).load()
        #expect(!loaded.existed)
        #expect(loaded.file.servers.map(\.description) == ["10.1.1.1:7070"])
        let builtIn = try ServersStore(path: directory + "/none", startingCopyPath: nil).load()
        #expect(builtIn.file.servers.map(\.description) == ["127.0.0.1:7070"])
    }

    @Test func theRepositoryStartingCopyIsFoundAndListsTheDefaultServer() throws {
        let path = try #require(ServersStore.findStartingCopy(executablePath: "/nonexistent/bin/movie"))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(try ServersFile(parsing: text).servers.map(\.description) == ["127.0.0.1:7070"])
        #expect(text.hasPrefix("#"))
    }

    @Test func saveCreatesDirectoriesAndReplacesTheFileLeavingNoTemporaryFile() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/nested/movie/servers"
        let store = ServersStore(path: path, startingCopyPath: nil)
        var file = try store.load().file
        file.add(try ServerAddress(parsing: "[::1]:7071"))
        try store.save(file)
        let reloaded = try store.load()
        #expect(reloaded.existed)
        #expect(reloaded.file == file)
        file.remove(try ServerAddress(parsing: "127.0.0.1:7070"))
        try store.save(file)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == file.text)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/nested/movie") == ["servers"])
    }

    @Test func aMalformedFileNamesThePathAndLine() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/servers"
        try "127.0.0.1:7070\nnope\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try ServersStore(path: path, startingCopyPath: nil).load()
            Issue.record("a malformed servers file was accepted")
        } catch {
            #expect(error.description.hasPrefix("servers file \(path), line 2: bad server address 'nope'"))
        }
    }
}
