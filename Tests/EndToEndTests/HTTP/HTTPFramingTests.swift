import Glibc
import Testing
import TestSupport

/// HTTP/1.1 framing on the reactor: keep-alive, pipelining, bodies, limits and closes.
@Suite("movied HTTP: framing and limits")
struct HTTPFramingTests {
    @Test func pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws {
        let server = try ServerProcess()
        let client = try HTTPTestClient(port: server.httpPort)
        let requests = [
            HTTPTestClient.request("PUT", "/movies/Piped", body: #"{"info": "one"}"#),
            HTTPTestClient.request("GET", "/movies/piped"),
            HTTPTestClient.request("PATCH", "/movies/piped", body: #"{"info": "two"}"#),
            HTTPTestClient.request("GET", "/movies/piped"),
            HTTPTestClient.request("DELETE", "/movies/piped"),
            HTTPTestClient.request("GET", "/movies/piped"),
        ]
        try client.connection.send(requests.joined())
        let replies = try (0..<requests.count).map { _ in try client.readReply() }
        #expect(replies.map(\.status) == [201, 200, 200, 200, 204, 404])
        #expect(replies[1].json["info"] as? String == "one")
        #expect(replies[3].json["info"] as? String == "two")
    }

    @Test func aRequestArrivingByteByByteIsServed() throws {
        let server = try ServerProcess()
        let client = try HTTPTestClient(port: server.httpPort)
        for byte in HTTPTestClient.request("POST", "/movies", body: #"{"title": "Slow", "info": "drip"}"#).utf8 {
            try client.connection.send([byte])
        }
        #expect(try client.readReply().status == 201)
    }

    @Test func connectionCloseAndHTTP10CloseAfterTheAnswer() throws {
        let server = try ServerProcess()
        let closing = try HTTPTestClient(port: server.httpPort)
        let reply = try closing.send("GET", "/movies/heat", headers: ["Connection: close"])
        #expect(reply.status == 200)
        #expect(reply.headers["connection"] == "close")
        #expect(closing.connection.isClosedByServer())

        let old = try LineClient(port: server.httpPort)
        try old.send("GET /movies/heat HTTP/1.0\r\n\r\n")
        #expect(try old.readToEnd().hasPrefix("HTTP/1.1 200 OK\r\n"))

        let keeping = try HTTPTestClient(port: server.httpPort)
        try keeping.connection.send("GET /movies/heat HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try keeping.readReply().headers["connection"] == "keep-alive")
        #expect(!keeping.connection.hasEnded())
    }

    @Test(arguments: [
        ("GET /movies/heat\r\n\r\n", 400),
        ("GET /movies/heat HTTP/2.0\r\nHost: x\r\n\r\n", 505),
        ("BREW /movies/heat HTTP/1.1\r\nHost: x\r\n\r\n", 501),
        ("POST /movies HTTP/1.1\r\nHost: x\r\n\r\n", 411),
        ("POST /movies HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 501),
        ("GET /movies/heat HTTP/1.1\r\n\r\n", 400),
        ("GET /movies/heat HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 9_000))\r\n\r\n", 431),
        ("GET /movies/heat HTTP/1.1\r\nHost: x\r\n\(String(repeating: "X-Many: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n", count: 200))\r\n", 431),
        ("POST /movies HTTP/1.1\r\nHost: x\r\nContent-Length: 30000\r\n\r\n", 413),
    ])
    func malformedAndOversizedRequestsGetTheirStatusThenAClose(request: String, status: Int) throws {
        let server = try ServerProcess()
        let client = try HTTPTestClient(port: server.httpPort)
        try client.connection.send(request)
        let reply = try client.readReply()
        #expect(reply.status == status)
        #expect(reply.headers["connection"] == "close")
        #expect(reply.json["message"] is String)
        #expect(client.connection.isClosedByServer())
    }

    @Test func aHeadTrickledInLineByLineIsHeldToTheRequestTimeout() throws {
        let server = try ServerProcess(arguments: ["--request-timeout", "1"])
        let client = try HTTPTestClient(port: server.httpPort)
        try client.connection.send("GET /movies/heat HTTP/1.1\r\n")
        var closed = false
        for index in 0..<8 {
            usleep(500_000)
            if client.connection.hasEnded() {
                closed = true
                break
            }
            _ = client.connection.sendWithoutBlocking(Array("X-Slow-\(index): a\r\n".utf8))
        }
        #expect(closed, "a head trickled over 4 s outlived a 1 s request timeout")
    }

    @Test func aBodyThatNeverComesIsHeldToTheRequestTimeout() throws {
        let server = try ServerProcess(arguments: ["--request-timeout", "1"])
        let client = try HTTPTestClient(port: server.httpPort)
        try client.connection.send("POST /movies HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\n\r\n")
        #expect(client.connection.isClosedByServer())
    }

    @Test func anEventStreamLastsWhateverTheClientSaidAboutTheConnection() throws {
        let server = try ServerProcess()
        let stream = try HTTPTestClient(port: server.httpPort)
        try stream.connection.send("GET /events HTTP/1.0\r\n\r\n")
        let head = try stream.readReply(toHead: true)
        #expect(head.headers["connection"] == "close")
        #expect(try stream.connection.readLines(2) == [": watching", ""])
        let line = try LineClient(port: server.port)
        try line.send("PUT Streamed On | x\n")
        #expect(try line.readLine() == "OK added Streamed On")
        #expect(try stream.connection.readLines(2) == ["event: added", #"data: {"change":"added","title":"Streamed On"}"#])
    }

    @Test func expectContinueGetsA100BeforeTheBodyIsSent() throws {
        let server = try ServerProcess()
        let client = try HTTPTestClient(port: server.httpPort)
        let body = #"{"title": "Expected", "info": "yes"}"#
        try client.connection.send("POST /movies HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: \(body.utf8.count)\r\n\r\n")
        #expect(try client.readReply().status == 100)
        try client.connection.send(body)
        #expect(try client.readReply().status == 201)
    }

    @Test func aLineProtocolClientAndAnHTTPClientShareOneCatalogue() throws {
        let server = try ServerProcess()
        let http = try HTTPTestClient(port: server.httpPort)
        let line = try LineClient(port: server.port)
        #expect(try http.send("POST", "/movies", body: #"{"title": "Shared", "info": "from http"}"#).status == 201)
        try line.send("GET shared\nPUT Other Way | from line\n")
        #expect(try line.readLines(2) == ["OK Shared | from http", "OK added Other Way"])
        #expect(try http.send("GET", "/movies/other%20way").json["info"] as? String == "from line")
    }
}
