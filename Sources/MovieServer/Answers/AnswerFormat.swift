import HTTPWire
import MovieProtocol
import MovieStore
import Primitives

/// How answers to the catalogue commands are written: `OK`/`ERR` lines, or HTTP
/// responses with JSON bodies. The commands are generic over it, so each protocol
/// runs its own specialised copy of the same rules, with no dynamic dispatch.
protocol AnswerFormat {
    /// Where the answer goes: the connection's output, or a held answer's place.
    var output: ByteBuffer { get }
    /// What it takes to write a held answer the same way later.
    var style: AnswerStyle { get }

    /// A movie found: `GET`'s answer.
    func answer(movie: Movie)
    /// A write made durable: `OK added <title>` or `201 Created`, say.
    func answer(_ change: Change, movie: Movie)
    /// `COUNT`'s answer.
    func answer(count: Int)
    /// Refused, with a message of the server's.
    func refuse(_ code: ErrorCode, _ message: StaticString)
    /// Refused, with a message made at run time.
    func refuse(_ code: ErrorCode, message: UnsafeRawBufferPointer)
    /// `NOT_FOUND` or `EXISTS`, naming the title.
    func refuse(_ code: ErrorCode, title: UnsafeRawBufferPointer)
    /// `TOO_LONG`: `what` passes `limit` bytes.
    func refuseTooLong(_ what: StaticString, limit: Int)
    /// A write from a client that has not shown the write token.
    func refuseUnauthenticated()
}

/// How a held answer is to be written once it can be: in the protocol (and, for
/// HTTP, with the response details) of the request that it answers.
enum AnswerStyle {
    case line
    case http(HTTPAnswerTraits)
}

/// What an HTTP answer needs to know of its request besides what it answers.
struct HTTPAnswerTraits {
    /// A `HEAD` request: the head as for `GET`, no body.
    let omitsBody: Bool
    let connection: HTTPConnectionHeader
}

/// Whether a write may go ahead, as the protocol's own credentials say.
enum WriteCredentials {
    /// The right token was shown (or none is needed).
    case granted
    /// No token was shown.
    case missing
    /// A wrong token was shown.
    case wrong
}
