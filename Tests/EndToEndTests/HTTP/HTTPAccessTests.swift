import Glibc
import Testing
import TestSupport

/// Tokens, read-only servers, durability and events over HTTP.
@Suite("movied HTTP: access, durability and events")
struct HTTPAccessTests {
    @Test func writesNeedTheBearerTokenAndReadsDoNot() throws {
        let server = try ServerProcess(arguments: ["--write-token", "s3cret"])
        let client = try HTTPTestClient(port: server.httpPort)
        let body = #"{"title": "Locked", "info": "x"}"#
        let anonymous = try client.send("POST", "/movies", body: body)
        #expect(anonymous.status == 401)
        #expect(anonymous.json["error"] as? String == "DENIED")
        #expect(anonymous.headers["www-authenticate"] == "Bearer")
        let wrong = try client.send("POST", "/movies", body: body, headers: ["Authorization: Bearer guess"])
        #expect(wrong.status == 403)
        #expect(wrong.json["error"] as? String == "DENIED")
        #expect(try client.send("GET", "/movies/heat").status == 200)
        #expect(try client.send("POST", "/movies", body: body, headers: ["Authorization: Bearer s3cret"]).status == 201)
        #expect(try client.send("DELETE", "/movies/locked").status == 401, "the token is per request, not per connection")
    }

    @Test func aReadOnlyServerRefusesEveryWrite() throws {
        let server = try ServerProcess(arguments: ["--read-only"])
        let client = try HTTPTestClient(port: server.httpPort)
        for (method, target, body) in [("POST", "/movies", #"{"title": "x", "info": "y"}"#), ("PUT", "/movies/heat", #"{"info": "y"}"#),
                                         ("PATCH", "/movies/heat", #"{"info": "y"}"#), ("DELETE", "/movies/heat", nil)] {
            let reply = try client.send(method, target, body: body)
            #expect(reply.status == 403)
            #expect(reply.json["error"] as? String == "READ_ONLY")
        }
    }

    @Test func aWriteAnswered2xxSurvivesSIGKILL() throws {
        let server = try ServerProcess()
        let client = try HTTPTestClient(port: server.httpPort)
        var answered: [String] = []
        for index in 0..<50 {
            let reply = try client.send("PUT", "/movies/Killed%20\(index)", body: #"{"info": "survives"}"#)
            if reply.status == 201 { answered.append("Killed \(index)") }
        }
        #expect(try client.send("DELETE", "/movies/heat").status == 204)
        #expect(answered.count == 50)
        server.stop(signal: SIGKILL)
        let restarted = try ServerProcess(dataDirectory: server.dataDirectory)
        let after = try HTTPTestClient(port: restarted.httpPort)
        for title in answered {
            #expect(try after.send("GET", "/movies/\(title.replacingOccurrences(of: " ", with: "%20"))").status == 200, "\(title)")
        }
        #expect(try after.send("GET", "/movies/heat").status == 404)
    }

    @Test func eventsCarryChangesMadeOverTheLineProtocol() throws {
        let server = try ServerProcess()
        let stream = try HTTPTestClient(port: server.httpPort)
        try stream.connection.send(HTTPTestClient.request("GET", "/events"))
        let head = try stream.readReply(toHead: true)
        #expect(head.status == 200)
        #expect(head.headers["content-type"] == "text/event-stream")
        #expect(try stream.connection.readLines(2) == [": watching", ""])
        let line = try LineClient(port: server.port)
        try line.send("PUT Streamed | x\nDEL streamed\n")
        #expect(try line.readLines(2) == ["OK added Streamed", "OK deleted Streamed"])
        #expect(try stream.connection.readLines(6) == [
            "event: added", #"data: {"change":"added","title":"Streamed"}"#, "",
            "event: deleted", #"data: {"change":"deleted","title":"Streamed"}"#, "",
        ])
    }

    @Test func anEventStreamPipelinedBehindAWriteIsRefusedNotCorrupted() throws {
        let server = try ServerProcess()
        let client = try HTTPTestClient(port: server.httpPort)
        try client.connection.send(
            HTTPTestClient.request("PUT", "/movies/First", body: #"{"info": "x"}"#) + HTTPTestClient.request("GET", "/events")
        )
        #expect(try client.readReply().status == 201)
        let events = try client.readReply()
        #expect(events.status == 503)
        #expect(events.json["error"] as? String == "UNAVAILABLE")
        #expect(try client.send("GET", "/movies/first").status == 200, "the connection is still in step")
    }

    @Test func watchSeesChangesMadeOverHTTP() throws {
        let server = try ServerProcess()
        let watcher = try LineClient(port: server.port)
        try watcher.send("WATCH\n")
        #expect(try watcher.readLine() == "OK watching")
        let client = try HTTPTestClient(port: server.httpPort)
        #expect(try client.send("POST", "/movies", body: #"{"title": "Over HTTP", "info": "x"}"#).status == 201)
        #expect(try client.send("PATCH", "/movies/over%20http", body: #"{"info": "y"}"#).status == 200)
        #expect(try watcher.readLines(2) == ["EVENT added Over HTTP", "EVENT edited Over HTTP"])
    }

    @Test func anEventStreamThatIsNotReadIsDropped() throws {
        let server = try ServerProcess(arguments: ["--sync", "never"])
        let stream = try HTTPTestClient(port: server.httpPort)
        try stream.connection.send(HTTPTestClient.request("GET", "/events"))
        _ = try stream.readReply(toHead: true)
        let writer = try LineClient(port: server.port)
        let padding = String(repeating: "t", count: 230)
        // About 16 MB of events, never read: more than the socket buffers and the 4 MiB
        // limit together, so the server must let the stream go rather than grow.
        for round in 0..<240 {
            var batch = ""
            for index in 0..<250 { batch += "PUT Flood \(index) \(padding) | \(round)\n" }
            try writer.send(batch)
            _ = try writer.readLines(250)
        }
        try writer.send("STATS\n")
        let stats = try writer.readLines(15)
        #expect(stats.contains("watchers 0"), "\(stats)")
        #expect(stream.connection.isClosedByServer())
    }
}
