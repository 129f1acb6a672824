@testable import MovieClient
import MovieProtocol
import Primitives
import Testing

/// The movies between the file and the servers, held as request lines back to back.
@Suite("import: the movie queue")
struct MovieQueueTests {
    static func requests(_ queue: MovieQueue, _ range: Range<Int>) -> String {
        let output = ByteBuffer()
        queue.copyRequests(range, to: output)
        return String(decoding: output.readableBytes, as: UTF8.self)
    }

    @Test func anyRunOfHeldMoviesComesOutAsOneBlockOfLines() throws {
        let queue = MovieQueue()
        for number in 0..<5 { try queue.appendPut(title: "Film \(number)", info: "info \(number)") }
        #expect(queue.end == 5)
        #expect(Self.requests(queue, 1..<3) == "PUT Film 1 | info 1\nPUT Film 2 | info 2\n")
        #expect(Self.requests(queue, 4..<5) == "PUT Film 4 | info 4\n")
        #expect(Self.requests(queue, 2..<2) == "")
    }

    @Test func droppedMoviesKeepTheirNumbers() throws {
        let queue = MovieQueue()
        for number in 0..<10_000 { try queue.appendPut(title: "Film \(number)", info: "i") }
        queue.drop(below: 9_000)
        #expect(queue.first == 9_000)
        #expect(queue.count == 1_000)
        #expect(Self.requests(queue, 9_000..<9_002) == "PUT Film 9000 | i\nPUT Film 9001 | i\n")
        try queue.appendPut(title: "Last", info: "i")
        #expect(Self.requests(queue, 9_999..<10_001) == "PUT Film 9999 | i\nPUT Last | i\n")
        queue.drop(below: 20_000)
        #expect(queue.count == 0)
        #expect(queue.end == 10_001)
    }

    @Test func aMovieThatCannotBeSentIsNotQueued() {
        let queue = MovieQueue()
        #expect(throws: RequestBuildError.barInTitle) { try queue.appendPut(title: "Gone | Wind", info: "i") }
        #expect(throws: RequestBuildError.forbiddenByte(0x0D)) { try queue.appendPut(title: "Heat", info: "a\rb") }
        #expect(queue.end == 0)
        #expect(Self.requests(queue, 0..<0) == "")
    }
}
