import Foundation
import Testing
import TestSupport

/// `movie import` into real servers: both formats, gzip, duplicates, bad lines, a dead server, JSON.
@Suite("movie client: import")
struct ClientImportTests {
    /// The IMDb sample under `Tests/Fixtures`: 14 rows, 8 of them movies to import.
    static let imdbSample = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/title.basics.sample.tsv").path

    /// A file in a directory of its own, removed with the test's other temporary files by the system.
    static func file(_ name: String, _ text: String) throws -> String {
        let path = try ServerProcess.makeTemporaryDirectory() + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func count(_ server: ServerProcess) throws -> Int? {
        try ClientHarness.request(server, "COUNT").flatMap { Int($0.dropFirst(3)) }
    }

    @Test func aCatalogueGoesOnEveryServerAddedOrReplacedWithBadLinesReported() throws {
        let servers = try (0..<2).map { _ in try ServerProcess() }
        let path = try Self.file("movies.txt", """
            # three new films and one every server has
            Past Lives | 2023; Celine Song; drama
            Aftersun|2022; Charlotte Wells

            heat | 1995; Michael Mann; imported
            this line has no bar
            The   Zone of Interest | 2023; Jonathan Glazer | the info may hold a bar
            PAST LIVES | again
            \(String(repeating: "t", count: 257)) | too long a title

            """)
        let before = try #require(try Self.count(servers[0]))
        let result = try ClientHarness.movie(servers, ["import", path])
        #expect(result.status == 0, "\(result.stderr)")
        let p = servers.map(\.port)
        let lines = ClientHarness.lines(result.stdout)
        #expect(lines.count == 3)
        #expect(lines[0] == "127.0.0.1:\(p[0])  3 added, 1 replaced, 3 skipped, 0 failed")
        #expect(lines[1] == "127.0.0.1:\(p[1])  3 added, 1 replaced, 3 skipped, 0 failed")
        #expect(lines[2].hasPrefix("4 movies from \(path) (catalogue) in "))
        #expect(lines[2].hasSuffix(" s; 3 lines skipped"))
        #expect(result.stderr == """
            \(path):6: no '|' between title and info
            \(path):8: "PAST LIVES" repeats the title of line 2
            \(path):9: the title is 257 bytes; the limit is 256 bytes (UTF-8)

            """)
        for server in servers {
            #expect(try Self.count(server) == before + 3)
            #expect(try ClientHarness.request(server, "GET past lives") == "OK Past Lives | 2023; Celine Song; drama")
            #expect(try ClientHarness.request(server, "GET heat") == "OK Heat | 1995; Michael Mann; imported")
            #expect(try ClientHarness.request(server, "GET the zone of interest")
                == "OK The Zone of Interest | 2023; Jonathan Glazer | the info may hold a bar")
        }
    }

    @Test func imdbRowsGetUniqueTitlesAndUsefulInfo() throws {
        let servers = try (0..<2).map { _ in try ServerProcess() }
        let before = try #require(try Self.count(servers[0]))
        let result = try ClientHarness.movie(servers, ["import", Self.imdbSample])
        #expect(result.status == 0, "\(result.stderr)")
        let p = servers.map(\.port)
        let lines = ClientHarness.lines(result.stdout)
        // The Shawshank Redemption and The Dark Knight are in every new server's sample catalogue.
        #expect(lines[0] == "127.0.0.1:\(p[0])  6 added, 2 replaced, 3 skipped, 0 failed")
        #expect(lines[2].hasPrefix("8 movies from \(Self.imdbSample) (IMDb title.basics) in "))
        #expect(lines[2].hasSuffix("; 3 lines skipped; 3 rows of other types left out; "
            + "6 titles made unique: 3 with their year, 3 with their IMDb id"))
        #expect(result.stderr == """
            \(Self.imdbSample):13: tt9000003: a title cannot contain '|': Gone | Wind
            \(Self.imdbSample):14: expected 9 tab-separated fields, found 8
            \(Self.imdbSample):15: tt9000005: startYear is not a number: '19x9'

            """)
        let expected = [
            "GET heat (1995)": "OK Heat (1995) | 1995; 170 min; Action,Crime,Drama; tt0113277",
            "GET heat (1986, tt0093164)": "OK Heat (1986, tt0093164) | 1986; 101 min; Action,Crime,Drama; tt0093164",
            "GET heat (1986, tt9000001)": "OK heat (1986, tt9000001) | 1986; tvMovie; 90 min; Drama; tt9000001",
            "GET heat (tt9000002)": "OK Heat (tt9000002) | tt9000002",
            "GET dracula (1931)": "OK Dracula (1931) | 1931; 75 min; Drama,Fantasy,Horror; tt0021814",
            "GET dracula (1958)": "OK Dracula (1958) | 1958; 82 min; Drama,Horror; tt0051554",
            "GET the shawshank redemption": "OK The Shawshank Redemption | 1994; 142 min; Drama; tt0111161",
            "GET carmencita": "ERR NOT_FOUND carmencita",
            "GET breaking bad": "ERR NOT_FOUND breaking bad",
        ]
        for server in servers {
            #expect(try Self.count(server) == before + 6)
            for (request, answer) in expected { #expect(try ClientHarness.request(server, request) == answer) }
            // The sample catalogue's own Heat is left alone: no row was imported as plain "Heat".
            #expect(try ClientHarness.request(server, "GET heat")?.hasPrefix("OK Heat | 1995; Michael Mann;") == true)
        }
    }

    @Test func aGzipFileIsReadDirectlyAndTypesChooseTheRows() throws {
        let server = try ServerProcess()
        let path = try ServerProcess.makeTemporaryDirectory() + "/title.basics.tsv"
        try FileManager.default.copyItem(atPath: Self.imdbSample, toPath: path)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -n \"$0\"", path]
        try gzip.run()
        gzip.waitUntilExit()
        #expect(gzip.terminationStatus == 0)
        let result = try ClientHarness.movie([server], ["import", path + ".gz", "--types", "short,tvSeries"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(ClientHarness.lines(result.stdout).first == "127.0.0.1:\(server.port)  3 added, 0 replaced, 0 skipped, 0 failed")
        #expect(result.stderr.isEmpty, "the bad rows are movies, which were not asked for")
        #expect(try ClientHarness.request(server, "GET carmencita") == "OK Carmencita | 1894; short; 1 min; Documentary,Short; tt0000001")
        #expect(try ClientHarness.request(server, "GET breaking bad") == "OK Breaking Bad | 2008-2013; tvSeries; 49 min; Crime,Drama,Thriller; tt0903747")
    }

    @Test func aDeadServerFailsTheImportAndTheLiveOnesGetEverything() throws {
        let servers = try (0..<2).map { _ in try ServerProcess() }
        let dead = ClientHarness.deadPort()
        var text = ""
        for index in 0..<3000 { text += "Bulk Film \(index) | \(1900 + index % 120); imported in bulk\n" }
        let path = try Self.file("bulk.txt", text)
        let before = try #require(try Self.count(servers[0]))
        let result = try ClientHarness.movie(servers, ["--server", "127.0.0.1:\(dead)", "import", path])
        #expect(result.status == 1)
        let lines = ClientHarness.lines(result.stdout)
        #expect(lines[0] == "127.0.0.1:\(servers[0].port)  3000 added, 0 replaced, 0 skipped, 0 failed")
        #expect(lines[1] == "127.0.0.1:\(servers[1].port)  3000 added, 0 replaced, 0 skipped, 0 failed")
        #expect(lines[2] == "127.0.0.1:\(dead)  0 added, 0 replaced, 0 skipped, 3000 failed: down (connection refused)")
        #expect(result.stderr == "movie: 1 of 3 servers failed: 127.0.0.1:\(dead)\n")
        for server in servers {
            #expect(try Self.count(server) == before + 3000)
            #expect(try ClientHarness.request(server, "GET bulk film 2999") == "OK Bulk Film 2999 | 2019; imported in bulk")
        }
    }

    @Test func jsonGivesTheSameSummaryAsOneObject() throws {
        let server = try ServerProcess()
        let dead = ClientHarness.deadPort()
        let result = try ClientHarness.movie([server], ["--server", "127.0.0.1:\(dead)", "--json", "import", Self.imdbSample])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["command"] as? String == "import")
        #expect(object["format"] as? String == "imdb")
        #expect(object["movies"] as? Int == 8)
        #expect(object["skipped"] as? Int == 3)
        #expect(object["other_types"] as? Int == 3)
        #expect(object["exit_status"] as? Int == 1)
        let entries = try #require(object["servers"] as? [[String: Any]])
        #expect(entries.map { $0["ok"] as? Bool } == [true, false])
        #expect(entries.map { $0["added"] as? Int } == [6, 0])
        #expect(entries.map { $0["replaced"] as? Int } == [2, 0])
        #expect(entries.map { $0["failed"] as? Int } == [0, 8])
        #expect((entries[1]["error"] as? [String: Any])?["kind"] as? String == "unreachable")
        // Skipped lines still go to standard error, as FILE:LINE: reason.
        #expect(result.stderr.hasPrefix("\(Self.imdbSample):13: "))
    }

    @Test func aFileThatCannotBeUsedIsStatusTwoAndNothingIsSent() throws {
        let server = try ServerProcess()
        let before = try #require(try Self.count(server))
        let missing = try ClientHarness.movie([server], ["import", "/no/such/file.tsv.gz"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "movie: /no/such/file.tsv.gz: no such file or directory; nothing was sent\n")
        let notIMDb = try Self.file("movies.txt", "Heat | 1995\n")
        let forced = try ClientHarness.movie([server], ["import", "--format", "imdb", notIMDb])
        #expect(forced.status == 2)
        #expect(forced.stderr.hasPrefix("movie: \(notIMDb):1: not IMDb's title.basics.tsv header (tconst titleType "))
        let badTypes = try ClientHarness.movie([server], ["import", "--types", ",", notIMDb])
        #expect(badTypes.status == 2)
        #expect(try Self.count(server) == before, "nothing was sent")
    }

    @Test func aCatalogueCutShortPartWayKeepsWhatWasReadAndFails() throws {
        let server = try ServerProcess()
        var text = ""
        for index in 0..<20000 { text += "Cut Film \(index) | \(index); a line long enough to need some compressing \(index * 7)\n" }
        let path = try Self.file("cut.txt", text)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -n \"$0\" && head -c 60000 \"$0.gz\" > \"$0.cut.gz\"", path]
        try gzip.run()
        gzip.waitUntilExit()
        let before = try #require(try Self.count(server))
        let result = try ClientHarness.movie([server], ["import", path + ".cut.gz"])
        #expect(result.status == 1)
        #expect(result.stderr == "movie: \(path).cut.gz: the compressed data ends too early (is the file cut short?); "
            + "the rest of the file was not imported\n")
        let imported = try #require(try Self.count(server)) - before
        #expect(imported > 1000 && imported < 20000)
        #expect(ClientHarness.lines(result.stdout).first == "127.0.0.1:\(server.port)  \(imported) added, 0 replaced, 0 skipped, 0 failed")
    }

    @Test func anIMDbFileCutShortIsRefusedWhole() throws {
        let server = try ServerProcess()
        var text = String(try String(contentsOfFile: Self.imdbSample, encoding: .utf8).prefix { $0 != "\n" }) + "\n"
        for index in 0..<20000 { text += "tt\(9100000 + index)\tmovie\tCut Film \(index)\tx\t0\t\(1900 + index % 120)\t\\N\t90\tDrama\n" }
        let path = try Self.file("title.basics.tsv", text)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -n \"$0\" && head -c 30000 \"$0.gz\" > \"$0.cut.gz\"", path]
        try gzip.run()
        gzip.waitUntilExit()
        let before = try #require(try Self.count(server))
        // Its rows are all read before any is sent, so a cut is found before anything goes out.
        let result = try ClientHarness.movie([server], ["import", path + ".cut.gz"])
        #expect(result.status == 2)
        #expect(result.stderr == "movie: \(path).cut.gz: the compressed data ends too early (is the file cut short?); "
            + "nothing was sent\n")
        #expect(try Self.count(server) == before)
    }

    @Test func noProgressLineGoesIntoAPipeUnlessAsked() throws {
        let server = try ServerProcess()
        let result = try ClientHarness.movie([server], ["import", Self.imdbSample])
        #expect(!result.stderr.contains("imported"))
        #expect(!result.stderr.contains("\r"))
    }
}
