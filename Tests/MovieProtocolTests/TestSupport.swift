import MovieProtocol
import Primitives

/// A parse result with its bytes copied out, so tests can compare it.
enum Parsed: Equatable {
    case blank
    case request(Command, String)
    case unknownCommand(String)
    case badRequest(BadRequestReason)
}

func parse(_ bytes: [UInt8]) -> Parsed {
    bytes.withUnsafeBytes { line in
        switch RequestParser.parse(line) {
        case .blank: .blank
        case .request(let command, let arguments): .request(command, string(arguments))
        case .unknownCommand(let word): .unknownCommand(string(word))
        case .badRequest(let reason): .badRequest(reason)
        }
    }
}

func parse(_ line: String) -> Parsed {
    parse(Array(line.utf8))
}

/// A typed request's arguments with their bytes copied out.
enum Split: Equatable {
    case none
    case text(String)
    case titleAndInfo(String, String)
    case failure(ArgumentError.Problem)
}

func split(_ command: Command, _ arguments: String) -> Split {
    Array(arguments.utf8).withUnsafeBytes { bytes in
        switch command.request(from: bytes) {
        case .success(.all), .success(.count), .success(.ping), .success(.stats), .success(.help), .success(.watch),
             .success(.quit):
            .none
        case .success(.get(let text)), .success(.del(let text)), .success(.find(let text)), .success(.auth(let text)):
            .text(string(text))
        case .success(.add(let title, let info)), .success(.edit(let title, let info)), .success(.put(let title, let info)):
            .titleAndInfo(string(title), string(info))
        case .failure(let error):
            .failure(error.problem)
        }
    }
}

func string(_ bytes: UnsafeRawBufferPointer) -> String {
    String(decoding: bytes, as: UTF8.self)
}

/// Whatever `write` puts into a fresh buffer, as text.
func encoded(_ write: (ByteBuffer) -> Void) -> String {
    let buffer = ByteBuffer()
    write(buffer)
    return string(buffer.readableBytes)
}

/// Runs `body` with the UTF-8 bytes of `text` as a raw buffer.
func withBytes<Result>(_ text: String, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
    try Array(text.utf8).withUnsafeBytes(body)
}
