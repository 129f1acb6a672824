import Primitives
import MovieProtocol

/// One server's answer to a one-request command, reduced to what the reports need.
public enum ServerAnswer: Equatable, Sendable {
    /// `OK <text>` and, for a multi-line answer, its data lines.
    case ok(text: String, lines: [String])
    /// `ERR <code> <message>`.
    case error(ErrorCode, String)
    /// No answer at all.
    case failed(ServerFailure)

    /// The answer to the last request in `reply`, unless an earlier one was refused.
    ///
    /// A write sent after `AUTH` then reports the wrong token (`ERR DENIED wrong
    /// token`), not the write's own refusal that follows from it.
    public init(_ reply: ServerReply) {
        switch reply.result {
        case .failure(let failure):
            self = .failed(failure)
        case .success(let responses):
            let refused = responses.dropLast().first { if case .error = $0.status { true } else { false } }
            guard let response = refused ?? responses.last else {
                self = .failed(.closed)
                return
            }
            self.init(response)
        }
    }

    /// One response as an answer.
    public init(_ response: Response) {
        switch response.status {
        case .ok: self = .ok(text: response.text, lines: response.lines)
        case .error(let code): self = .error(code, response.text)
        }
    }

    /// The answer as a problem, for answers the command did not expect.
    public var problem: ServerProblem {
        switch self {
        case .ok(let text, _): .unreadable(text)
        case .error(let code, let message): .error(code, message)
        case .failed(let failure): .failure(failure)
        }
    }
}

/// Something learned from one server, labelled with its address.
public struct ServerItem<Value> {
    public let address: ServerAddress
    public let value: Value
    /// How long the server took, from connecting to its answer.
    public let elapsed: Duration

    public init(address: ServerAddress, value: Value, elapsed: Duration = .zero) {
        self.address = address
        self.value = value
        self.elapsed = elapsed
    }
}

extension ServerItem: Equatable where Value: Equatable {}
extension ServerItem: Sendable where Value: Sendable {}

extension Sequence {
    /// The servers whose verdict was a failure, with what went wrong; `problem` picks
    /// the failure out of a verdict, or says there is none.
    func problems<Value>(_ problem: (Value) -> ServerProblem?) -> [ServerItem<ServerProblem>]
    where Element == ServerItem<Value> {
        compactMap { item in
            problem(item.value).map { ServerItem(address: item.address, value: $0, elapsed: item.elapsed) }
        }
    }
}
