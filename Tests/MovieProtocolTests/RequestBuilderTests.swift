import MovieProtocol
import Primitives
import Testing

@Suite struct RequestBuilderTests {
    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func linesWithAndWithoutArguments() throws {
        #expect(text(try RequestBuilder.line(.get, "Heat")) == "GET Heat\n")
        #expect(text(try RequestBuilder.line(.ping)) == "PING\n")
        #expect(text(try RequestBuilder.line(.find, "matrix")) == "FIND matrix\n")
        #expect(text(try RequestBuilder.line(.put, title: "Heat", info: "1995 | remastered")) == "PUT Heat | 1995 | remastered\n")
        #expect(text(try RequestBuilder.line(.add, title: "Amélie", info: "")) == "ADD Amélie | \n")
        #expect(text(try RequestBuilder.rawLine("frobnicate now")) == "frobnicate now\n")
    }

    @Test func builtLinesParseBackToTheSameRequest() throws {
        let line = try RequestBuilder.line(.edit, title: "The Matrix", info: "1999; science fiction")
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(parse(Array(line.dropLast())) == .request(.edit, "The Matrix | 1999; science fiction"))
    }

    @Test(arguments: ["a\nb", "a\rb", "a\u{0}b", "\n", "trailing\r"])
    func newlinesCRAndNULAreRefused(argument: String) {
        let forbidden = argument.utf8.first { $0 == 0x0A || $0 == 0x0D || $0 == 0 }!
        #expect(throws: RequestBuildError.forbiddenByte(forbidden)) { try RequestBuilder.line(.get, argument) }
        #expect(throws: RequestBuildError.forbiddenByte(forbidden)) { try RequestBuilder.line(.add, title: argument, info: "x") }
        #expect(throws: RequestBuildError.forbiddenByte(forbidden)) { try RequestBuilder.line(.add, title: "x", info: argument) }
        #expect(throws: RequestBuildError.forbiddenByte(forbidden)) { try RequestBuilder.rawLine(argument) }
    }

    @Test func aBarInATitleIsRefused() {
        #expect(throws: RequestBuildError.barInTitle) { try RequestBuilder.line(.put, title: "A|B", info: "x") }
    }

    @Test func byteBufferRequests() throws {
        let buffer = ByteBuffer()
        try withBytes("Heat") { try buffer.appendRequest(.get, $0) }
        try buffer.appendRequest(.count, UnsafeRawBufferPointer(start: nil, count: 0))
        try withBytes("Heat") { title in try withBytes("1995") { try buffer.appendRequest(.add, title: title, info: $0) } }
        #expect(string(buffer.readableBytes) == "GET Heat\nCOUNT\nADD Heat | 1995\n")
    }

    @Test func byteBufferRequestsRefuseNewlinesAndBars() {
        let buffer = ByteBuffer()
        #expect(throws: RequestBuildError.forbiddenByte(0x0A)) { try withBytes("a\nb") { try buffer.appendRequest(.get, $0) } }
        #expect(throws: RequestBuildError.barInTitle) {
            try withBytes("a|b") { title in try withBytes("x") { try buffer.appendRequest(.put, title: title, info: $0) } }
        }
        #expect(buffer.isEmpty)
    }
}
