import HTTPWire
import Primitives
import Testing

@Suite struct HTTPRequestHeadTests {
    /// Feeds `text` line by line (split at LF, as the reactor frames it) and returns the last progress.
    private func read(_ text: String, into head: HTTPRequestHead = HTTPRequestHead(limit: 8_192)) -> HTTPHeadProgress {
        var progress = HTTPHeadProgress.reading
        // Split the bytes: as Characters, "\r\n" is one and would not split at "\n".
        for line in Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false).dropLast() {
            progress = Array(line).withUnsafeBytes { head.read(line: $0) }
            if progress != .reading { return progress }
        }
        return progress
    }

    @Test func readsAGet() {
        let head = HTTPRequestHead(limit: 8_192)
        #expect(read("GET /movies/Heat HTTP/1.1\r\nHost: x\r\nUser-Agent: t\r\n\r\n", into: head) == .complete)
        #expect(head.method == .get)
        #expect(Array(head.target) == Array("/movies/Heat".utf8))
        #expect(head.keepsAlive)
        #expect(head.contentLength == nil)
    }

    @Test func readsLengthConnectionAndBearerToken() {
        let head = HTTPRequestHead(limit: 8_192)
        let text = "POST /movies HTTP/1.1\r\nhost: x\r\ncontent-LENGTH: 12\r\nConnection: keep-alive, Close\r\nAuthorization: Bearer s3cret \r\nExpect: 100-continue\r\n\r\n"
        #expect(read(text, into: head) == .complete)
        #expect(head.method == .post)
        #expect(head.contentLength == 12)
        #expect(!head.keepsAlive)
        #expect(head.expectsContinue)
        #expect(head.hasAuthorization)
        #expect(Array(head.bearerToken) == Array("s3cret".utf8))
    }

    @Test(arguments: [
        ("http://example.com/movies/Heat?x=1", "/movies/Heat?x=1"),
        ("HTTPS://example.com:8443/", "/"),
        ("http://example.com", "/"),
    ])
    func takesTheAbsoluteFormsPathAndQuery(target: String, expected: String) {
        let head = HTTPRequestHead(limit: 8_192)
        #expect(read("GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n", into: head) == .complete)
        #expect(Array(head.target) == Array(expected.utf8))
    }

    @Test func http10ClosesUnlessAskedToKeepAlive() {
        let head = HTTPRequestHead(limit: 8_192)
        #expect(read("GET / HTTP/1.0\r\n\r\n", into: head) == .complete)
        #expect(!head.keepsAlive)
        #expect(read("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", into: head) == .complete)
        #expect(head.keepsAlive)
    }

    @Test func closeWinsAndHTTP10sExpectationIsIgnored() {
        let head = HTTPRequestHead(limit: 8_192)
        #expect(read("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n", into: head) == .complete)
        #expect(!head.keepsAlive)
        #expect(read("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nConnection: keep-alive\r\n\r\n", into: head) == .complete)
        #expect(!head.keepsAlive)
        #expect(read("POST / HTTP/1.0\r\nExpect: magic\r\nContent-Length: 1\r\n\r\n", into: head) == .complete)
        #expect(!head.expectsContinue)
    }

    @Test func stateDoesNotLeakIntoTheNextRequest() {
        let head = HTTPRequestHead(limit: 8_192)
        #expect(read("PUT /movies/x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nAuthorization: Bearer t\r\n\r\n", into: head) == .complete)
        #expect(read("\r\nGET /movies/y HTTP/1.1\r\nHost: x\r\n\r\n", into: head) == .complete)
        #expect(head.contentLength == nil)
        #expect(!head.hasAuthorization)
        #expect(head.bearerToken.isEmpty)
        #expect(Array(head.target) == Array("/movies/y".utf8))
    }

    @Test(arguments: [
        ("GET /movies\r\n", HTTPStatus.badRequest),
        ("GET movies HTTP/1.1\r\n", .badRequest),
        ("GET /a b HTTP/1.1\r\n", .badRequest),
        ("GET / HTTP/2.0\r\n", .versionNotSupported),
        ("BREW / HTTP/1.1\r\n", .notImplemented),
        ("GET / HTTP/1.1\r\n\r\n", .badRequest),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n", .badRequest),
        ("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n", .badRequest),
        ("GET / HTTP/1.1\r\nHost a\r\n", .badRequest),
        ("GET / HTTP/1.1\r\nBad Name: a\r\n", .badRequest),
        ("POST /movies HTTP/1.1\r\nHost: a\r\n\r\n", .lengthRequired),
        ("POST /movies HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", .notImplemented),
        ("POST /movies HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n", .badRequest),
        ("POST /movies HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n", .badRequest),
        ("GET / HTTP/1.1\r\nHost: a\r\nExpect: magic\r\n", .expectationFailed),
        ("GET / HTTP/1.1\r\nHost: a\rContent-Length: 5\r\n", .badRequest),
        ("GET / HTTP/1.1\r\nHost: a\u{7F}\r\n", .badRequest),
    ])
    func refusesWithTheRightStatus(text: String, status: HTTPStatus) {
        guard case .refused(let error) = read(text) else {
            Issue.record("accepted \(text.debugDescription)")
            return
        }
        #expect(error.status == status)
    }

    @Test func refusesAHeadOverItsLimit() {
        let head = HTTPRequestHead(limit: 100)
        let text = "GET / HTTP/1.1\r\nHost: x\r\nX-Padding: \(String(repeating: "a", count: 80))\r\n\r\n"
        #expect(read(text, into: head) == .refused(.headTooLarge))
    }
}
