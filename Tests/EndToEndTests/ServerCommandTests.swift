import Testing
import TestSupport

/// Every command of the protocol against a real `movied`.
@Suite("movied commands")
struct ServerCommandTests {
    @Test(arguments: ["reactor", "threaded", "iterative"])
    func getFindsTheSampleCatalogueRegardlessOfCaseAndSpacing(model: String) throws {
        let server = try ServerProcess(arguments: ["--model", model])
        let client = try LineClient(port: server.port)
        try client.send("GET heat\nget   the\tMATRIX  \nGET nothing like this\n")
        #expect(try client.readLine() == "OK Heat | 1995; Michael Mann; crime thriller, a detective hunts a master thief")
        #expect(try client.readLine()?.hasPrefix("OK The Matrix | 1999; Lana and Lilly Wachowski") == true)
        #expect(try client.readLine() == "ERR NOT_FOUND nothing like this")
    }

    @Test(arguments: ["reactor", "threaded", "iterative"])
    func addEditPutDelFollowTheProtocol(model: String) throws {
        let server = try ServerProcess(arguments: ["--model", model])
        let client = try LineClient(port: server.port)
        try client.send("""
            ADD  Brand   New Film | 2026; Someone; drama
            ADD brand new film | again
            GET BRAND NEW FILM
            EDIT brand new FILM |   changed info\t
            GET brand new film
            EDIT no such film | x
            PUT Another One | first
            PUT another one | second | with bar
            GET another one
            DEL another ONE
            DEL another one
            GET another one
            PUT ANOTHER one | back
            GET another one

            """)
        #expect(try client.readLines(14) == [
            "OK added Brand New Film",
            "ERR EXISTS Brand New Film",
            "OK Brand New Film | 2026; Someone; drama",
            "OK edited Brand New Film",
            "OK Brand New Film | changed info",
            "ERR NOT_FOUND no such film",
            "OK added Another One",
            "OK edited Another One",
            "OK Another One | second | with bar",
            "OK deleted Another One",
            "ERR NOT_FOUND another one",
            "ERR NOT_FOUND another one",
            "OK added ANOTHER one",
            "OK ANOTHER one | back",
        ])
    }

    @Test(arguments: ["reactor", "threaded", "iterative"])
    func allListsEveryTitleSortedByItsLowercasedBytes(model: String) throws {
        let server = try ServerProcess(arguments: ["--model", model])
        let client = try LineClient(port: server.port)
        try client.send("COUNT\n")
        let countLine = try #require(try client.readLine())
        let count = try #require(Int(countLine.dropFirst(3)))
        #expect(count >= 100)
        try client.send("ALL\n")
        #expect(try client.readLine() == "OK \(count)")
        let titles = try client.readLines(count)
        #expect(titles.contains("Heat"))
        #expect(titles.map { Array($0.lowercased().utf8) }.isSortedLexicographically())
    }

    @Test(arguments: ["reactor", "threaded", "iterative"])
    func findMatchesCaseInsensitivelyAndRejectsEmptyText(model: String) throws {
        let server = try ServerProcess(arguments: ["--model", model])
        let client = try LineClient(port: server.port)
        try client.send("PUT The Godfather Part Zero | test\nFIND   GODFATHER\n")
        _ = try client.readLine()
        let header = try #require(try client.readLine())
        let count = try #require(Int(header.dropFirst(3)))
        let titles = try client.readLines(count)
        #expect(count >= 2)
        #expect(titles.allSatisfy { $0.lowercased().contains("godfather") })
        #expect(titles.contains("The Godfather Part Zero"))
        try client.send("FIND zzzz-nothing\nFIND   \n")
        #expect(try client.readLine() == "OK 0")
        #expect(try client.readLine()?.hasPrefix("ERR BAD_REQUEST") == true)
    }

    @Test(arguments: ["reactor", "threaded", "iterative"])
    func pingCountStatsHelpAndQuit(model: String) throws {
        let server = try ServerProcess(arguments: ["--model", model])
        let client = try LineClient(port: server.port)
        try client.send("PING\nCOUNT\nSTATS\n")
        #expect(try client.readLine() == "OK PONG")
        #expect(try client.readLine()?.hasPrefix("OK ") == true)
        let statsHeader = try #require(try client.readLine())
        let statsCount = try #require(Int(statsHeader.dropFirst(3)))
        let stats = Dictionary(uniqueKeysWithValues: try client.readLines(statsCount).map { line in
            let parts = line.split(separator: " ")
            return (String(parts[0]), Int(parts[1]) ?? -1)
        })
        for name in ["uptime_seconds", "connections_current", "connections_total", "requests_total", "movies", "bytes_read", "bytes_written"] {
            #expect((stats[name] ?? -1) >= 0, "STATS lacks \(name)")
        }
        #expect(stats["requests_total"] == 3)
        #expect(stats["connections_current"] == 1)
        try client.send("HELP\n")
        let helpHeader = try #require(try client.readLine())
        let help = try client.readLines(try #require(Int(helpHeader.dropFirst(3))))
        for command in ["GET", "ADD", "EDIT", "PUT", "DEL", "ALL", "FIND", "COUNT", "PING", "STATS", "HELP", "WATCH", "AUTH", "QUIT"] {
            #expect(help.contains { $0.hasPrefix(command + " ") }, "HELP lacks \(command)")
        }
        try client.send("QUIT\nPING\n")
        #expect(try client.readToEnd() == "OK bye\n")
    }

    @Test(arguments: ["reactor", "threaded", "iterative"])
    func everyErrorCodeTheRequestCanCause(model: String) throws {
        let server = try ServerProcess(arguments: ["--model", model])
        let client = try LineClient(port: server.port)
        let longTitle = String(repeating: "t", count: 257)
        let longInfo = String(repeating: "i", count: 4_097)
        try client.send("""
            FROBNICATE now
            GET
            ADD no separator
            ADD | empty title
            GET a|b
            GET \(longTitle)
            PUT ok title | \(longInfo)
            PUT \(String(repeating: "t", count: 256)) | fits
            COUNT extra
            AUTH

            """)
        let answers = try client.readLines(10)
        #expect(answers[0] == "ERR UNKNOWN_COMMAND FROBNICATE")
        #expect(answers[1].hasPrefix("ERR BAD_REQUEST "))
        #expect(answers[2].hasPrefix("ERR BAD_REQUEST "))
        #expect(answers[3].hasPrefix("ERR BAD_REQUEST "))
        #expect(answers[4].hasPrefix("ERR BAD_REQUEST "))
        #expect(answers[5].hasPrefix("ERR TOO_LONG "))
        #expect(answers[6].hasPrefix("ERR TOO_LONG "))
        #expect(answers[7] == "OK added \(String(repeating: "t", count: 256))")
        #expect(answers[8].hasPrefix("ERR BAD_REQUEST "))
        #expect(answers[9].hasPrefix("ERR BAD_REQUEST "))
    }
}

extension Array where Element == [UInt8] {
    func isSortedLexicographically() -> Bool {
        zip(self, dropFirst()).allSatisfy { !$1.lexicographicallyPrecedes($0) }
    }
}
