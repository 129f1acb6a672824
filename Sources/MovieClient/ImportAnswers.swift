import Glibc
import MovieProtocol
import Primitives

/// Reads one import connection's answers: an `AUTH` answer, perhaps, then one per `PUT`.
///
/// A million `PUT`s bring a million `OK added <title>` lines, so the usual
/// answer, `OK added ` or `OK edited ` and a title, is told apart by its bytes
/// alone; anything else becomes a `Response`, decoded as `ResponseReader`
/// decodes it, for `WriteOutcome` to judge.
struct ImportAnswers {
    /// What the server said to the oldest request waiting.
    enum Answer {
        case added
        case replaced
        /// Any other answer: an error, an `OK` that does not read as a write, or the answer to `AUTH`.
        case other(Response)
    }

    /// Bytes read from the server and not yet taken as answers.
    let input = ByteBuffer()
    private var scanner = ResponseScanner()
    private var authPending = false
    private var putsPending = 0

    /// How many requests still wait for their answer.
    var outstandingCount: Int { putsPending + (authPending ? 1 : 0) }

    /// Records that `AUTH` was sent, before any `PUT`.
    mutating func expectAuth() {
        authPending = true
    }

    /// Records that `count` more `PUT`s were sent.
    mutating func expectPuts(_ count: Int) {
        putsPending += count
    }

    /// The next complete answer, or `nil` until more bytes arrive; events are passed over.
    ///
    /// After a violation the stream's framing is lost: the connection must not read on.
    mutating func next() throws(ProtocolError) -> Answer? {
        while true {
            let command: Command? = authPending ? .auth : putsPending > 0 ? .put : nil
            let bytes = input.readableBytes
            switch scanner.scan(bytes, expecting: command) {
            case .needMoreBytes:
                return nil
            case .violation(let violation):
                throw Self.error(violation, in: bytes)
            case .event(let frame):
                // Nobody asked this connection to watch; the event is checked as a reader would, then dropped.
                let range = frame.titleRange
                guard Self.isText(UnsafeRawBufferPointer(rebasing: bytes[range])) else {
                    throw Self.error(.invalidText, in: bytes)
                }
                input.consume(frame.length)
            case .response(let frame):
                let answer = try Self.answer(frame, in: bytes, to: command)
                if command == .auth { authPending = false } else if command == .put { putsPending -= 1 }
                input.consume(frame.length)
                return answer
            }
        }
    }

    private static let added: StaticString = "OK added "
    private static let edited: StaticString = "OK edited "

    private static func answer(
        _ frame: ResponseFrame, in bytes: UnsafeRawBufferPointer, to command: Command?
    ) throws(ProtocolError) -> Answer {
        let line = UnsafeRawBufferPointer(rebasing: bytes[..<frame.statusLineLength])
        if command == .put, frame.status == .ok, isText(line) {
            if startsWrite(line, added) { return .added }
            if startsWrite(line, edited) { return .replaced }
        }
        let textStart = switch frame.status {
        case .ok: min(3, line.count)
        case .error(let code): min(5 + code.wireName.utf8CodeUnitCount, line.count)
        }
        let text = UnsafeRawBufferPointer(rebasing: line[textStart...])
        // `PUT` and `AUTH` answers are one line, so there are no data lines to decode.
        guard isText(text) else { throw error(.invalidText, in: bytes) }
        return .other(Response(command: command, status: frame.status, text: String(decoding: text, as: UTF8.self)))
    }

    /// Whether `line` is `prefix` and a title that `WriteOutcome` would read as one: its first
    /// byte printable ASCII, so neither blank nor able to merge with the space before it.
    private static func startsWrite(_ line: UnsafeRawBufferPointer, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard line.count > count, let base = line.baseAddress, memcmp(base, prefix.utf8Start, count) == 0 else {
            return false
        }
        return line[count] > UInt8(ascii: " ") && line[count] < 0x7F
    }

    private static func isText(_ bytes: UnsafeRawBufferPointer) -> Bool {
        UTF8Validation.firstProblem(in: bytes) == nil
    }

    /// The violation with the line that showed it, cut as `ResponseReader` cuts it.
    private static func error(_ violation: ProtocolViolation, in bytes: UnsafeRawBufferPointer) -> ProtocolError {
        let line = bytes.prefix(300).prefix { $0 != UInt8(ascii: "\n") }
        return ProtocolError(violation: violation, line: String(decoding: line, as: UTF8.self))
    }
}
