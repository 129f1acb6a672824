import Testing
import TestSupport

/// Every JSON endpoint and status, against a real `movied` over a real socket.
@Suite("movied HTTP: endpoints")
struct HTTPEndpointTests {
    @Test func getsAMovieAsJSONAndSays404ForOneItDoesNotHave() throws {
        let server = try ServerProcess()
        let client = try HTTPTestClient(port: server.httpPort)
        let found = try client.send("GET", "/movies/the%20%20MATRIX")
        #expect(found.status == 200)
        #expect(found.headers["content-type"] == "application/json")
        #expect(found.json["title"] as? String == "The Matrix")
        #expect((found.json["info"] as? String)?.hasPrefix("1999;") == true)
        let missing = try client.send("GET", "/movies/No%20Such%20Film")
        #expect(missing.status == 404)
        #expect(missing.json["error"] as? String == "NOT_FOUND")
        #expect(missing.json["title"] as? String == "No Such Film")
    }

    @Test func headAnswersTheHeadOfAGetWithoutItsBody() throws {
        let server = try ServerProcess()
        let client = try HTTPTestClient(port: server.httpPort)
        let get = try client.send("GET", "/movies/heat")
        let head = try client.send("HEAD", "/movies/heat")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.headers["content-length"] == get.headers["content-length"])
        // The connection is still in step: the next answer is the next request's.
        #expect(try client.send("GET", "/movies/heat").body == get.body)
    }

    @Test func writesAnswerWithTheStatusesOfTheirOutcome() throws {
        let server = try ServerProcess()
        let client = try HTTPTestClient(port: server.httpPort)
        let added = try client.send("POST", "/movies", body: #"{"title": "  Past   Lives ", "info": "2023; Celine Song"}"#)
        #expect(added.status == 201)
        #expect(added.json["title"] as? String == "Past Lives")
        let again = try client.send("POST", "/movies", body: #"{"title": "past lives", "info": "again"}"#)
        #expect(again.status == 409)
        #expect(again.json["error"] as? String == "EXISTS")
        #expect(try client.send("PUT", "/movies/Aftersun", body: #"{"info": "2022"}"#).status == 201)
        let replaced = try client.send("PUT", "/movies/aftersun", body: #"{"info": "2022; Charlotte Wells"}"#)
        #expect(replaced.status == 200)
        #expect(replaced.json["info"] as? String == "2022; Charlotte Wells")
        #expect(try client.send("PATCH", "/movies/AFTERSUN", body: #"{"info": "edited"}"#).status == 200)
        #expect(try client.send("GET", "/movies/aftersun").json["info"] as? String == "edited")
        #expect(try client.send("PATCH", "/movies/Nope", body: #"{"info": "x"}"#).status == 404)
        let deleted = try client.send("DELETE", "/movies/aftersun")
        #expect(deleted.status == 204)
        #expect(deleted.body.isEmpty)
        #expect(try client.send("DELETE", "/movies/aftersun").status == 404)
        #expect(try client.send("GET", "/movies/aftersun").status == 404)
    }

    @Test func unicodeAndEscapedTitlesRoundTripAndMatchTheLineProtocol() throws {
        let server = try ServerProcess()
        let client = try HTTPTestClient(port: server.httpPort)
        let title = "Amélie / \"Le Fabuleux\" 100% ✓"
        let body = #"{"title": "Am\u00e9lie / \"Le Fabuleux\" 100% \u2713", "info": "2001; tab\there"}"#
        #expect(try client.send("POST", "/movies", body: body).status == 201)
        let fetched = try client.send("GET", "/movies/AM%C3%89LIE%20%2F%20%22le%20fabuleux%22%20100%25%20%E2%9C%93")
        #expect(fetched.status == 200)
        #expect(fetched.json["title"] as? String == title)
        #expect(fetched.json["info"] as? String == "2001; tab\there")
        let line = try LineClient(port: server.port)
        try line.send("GET amélie / \"le fabuleux\" 100% ✓\n")
        #expect(try line.readLine() == "OK \(title) | 2001; tab\there")
    }

    @Test func listsPagesOfOneSnapshotSortedAsAllAndFindSort() throws {
        let server = try ServerProcess()
        let client = try HTTPTestClient(port: server.httpPort)
        let line = try LineClient(port: server.port)
        try line.send("FIND god\n")
        let count = Int(try line.readLine()?.dropFirst(3) ?? "") ?? 0
        let expected = try line.readLines(count)
        let all = try client.send("GET", "/movies?find=god")
        #expect(all.json["count"] as? Int == count)
        #expect(all.json["titles"] as? [String] == expected)
        let page = try client.send("GET", "/movies?find=+God+&offset=1&limit=1")
        #expect(page.json["titles"] as? [String] == [expected[1]])
        #expect(page.json["count"] as? Int == count)
        let catalogue = try client.send("GET", "/movies?limit=10000")
        #expect(catalogue.json["count"] as? Int == 181)
        #expect((catalogue.json["titles"] as? [String])?.count == 181)
        #expect((try client.send("GET", "/movies").json["titles"] as? [String])?.count == 100, "the default limit")
        #expect(try client.send("GET", "/movies?offset=500").json["titles"] as? [String] == [])
        for bad in ["/movies?limit=0", "/movies?limit=10001", "/movies?offset=-1", "/movies?find=%zz"] {
            let refused = try client.send("GET", bad)
            #expect(refused.status == 400, "\(bad)")
            #expect(refused.json["error"] as? String == "BAD_REQUEST")
        }
    }

    @Test func statsCarriesEverySTATSCounter() throws {
        let server = try ServerProcess()
        let line = try LineClient(port: server.port)
        try line.send("STATS\n")
        let names = try line.readLines(15).dropFirst().map { String($0.split(separator: " ")[0]) }
        let stats = try HTTPTestClient(port: server.httpPort).send("GET", "/stats")
        #expect(stats.status == 200)
        #expect(Set(stats.json.keys) == Set(names))
        #expect(stats.json["movies"] as? Int == 181)
    }

    @Test func badBodiesAndUnknownPathsGetJSONErrors() throws {
        let server = try ServerProcess()
        let client = try HTTPTestClient(port: server.httpPort)
        let cases: [(String, String, String?, Int)] = [
            ("POST", "/movies", "not json", 400),
            ("POST", "/movies", #"{"title": "x"}"#, 400),
            ("POST", "/movies", #"{"title": 5, "info": "x"}"#, 400),
            ("POST", "/movies", #"{"title": "a\nb", "info": "x"}"#, 400),
            ("POST", "/movies", #"{"title": "a|b", "info": "x"}"#, 400),
            ("PUT", "/movies/x", #"{"info": "\ud800"}"#, 400),
            ("PUT", "/movies/x", #"{"info": "\u0000"}"#, 400),
            ("PUT", "/movies/x", "{\"info\": \"\(String(repeating: "i", count: 4_097))\"}", 413),
            ("PUT", "/movies/a%0Ab", #"{"info": "x"}"#, 400),
            ("PUT", "/movies/a%0Db", #"{"info": "x"}"#, 400),
            ("GET", "/nowhere", nil, 404),
            ("DELETE", "/movies", nil, 405),
            ("POST", "/movies/x", "{}", 405),
        ]
        for (method, target, body, status) in cases {
            let reply = try client.send(method, target, body: body)
            #expect(reply.status == status, "\(method) \(target) \(body ?? "")")
            #expect(reply.json["error"] is String, "\(reply.body)")
            #expect(reply.json["message"] is String, "\(reply.body)")
        }
        #expect(try client.send("GET", "/movies/x").status == 404, "nothing was written")
    }

    @Test func theLongestInfoFitsWhateverItsEscaping() throws {
        let server = try ServerProcess()
        let client = try HTTPTestClient(port: server.httpPort)
        // 4,096 bytes of info, every one escaped as \u0069: six times its size in the body.
        let info = String(repeating: "\\u0069", count: 4_096)
        let reply = try client.send("PUT", "/movies/Escaped", body: "{\"info\": \"\(info)\"}")
        #expect(reply.status == 201)
        #expect((reply.json["info"] as? String)?.count == 4_096)
    }

    @Test func aListingThatShowsAWriteWaitsForItAndKeepsItsPlace() throws {
        let server = try ServerProcess()
        let client = try HTTPTestClient(port: server.httpPort)
        try client.connection.send(
            HTTPTestClient.request("POST", "/movies", body: #"{"title": "Aaa First", "info": "x"}"#)
                + HTTPTestClient.request("GET", "/movies?find=aaa")
                + HTTPTestClient.request("GET", "/movies/aaa%20first")
        )
        let replies = try (0..<3).map { _ in try client.readReply() }
        #expect(replies.map(\.status) == [201, 200, 200])
        #expect(replies[1].json["titles"] as? [String] == ["Aaa First"])
    }

    @Test func theWebPageIsServedWithItsScriptAndStyleInline() throws {
        let server = try ServerProcess()
        let client = try HTTPTestClient(port: server.httpPort)
        let page = try client.send("GET", "/")
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.body.contains("<script>"))
        #expect(page.body.contains("<style>"))
        #expect(try client.send("GET", "/favicon.ico").status == 204)
    }

    @Test func httpPortOffServesNoHTTP() throws {
        let server = try ServerProcess(arguments: ["--http-port", "off"])
        #expect(server.httpPort == 0)
        #expect(!server.log.contains("http listening on"))
    }
}
