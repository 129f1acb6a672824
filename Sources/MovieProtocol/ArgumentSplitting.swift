import MovieRules

/// The arguments of a request, split the way its command needs them.
///
/// The buffers point into the request line and live as long as it does.
public enum Arguments {
    /// The command takes no argument.
    case none
    /// The one argument of `GET`, `DEL` (a title), `FIND` (search text) or `AUTH` (a token).
    case text(UnsafeRawBufferPointer)
    /// The `title | info` of `ADD`, `EDIT` and `PUT`, split at the first `|`, both trimmed.
    case titleAndInfo(title: UnsafeRawBufferPointer, info: UnsafeRawBufferPointer)
}

/// Arguments that do not fit their command; answered with `ERR BAD_REQUEST`.
public struct ArgumentError: Error, Equatable, Sendable {
    /// What is wrong with the arguments.
    public enum Problem: Sendable {
        /// `GET`, `DEL`, `FIND` or `AUTH` without its argument.
        case missingArgument
        /// `ADD`, `EDIT` or `PUT` without the `|` between title and info.
        case missingSeparator
        /// `ADD`, `EDIT` or `PUT` with nothing but white space before the `|`.
        case emptyTitle
        /// Anything after a command that takes no argument.
        case unexpectedArgument
    }

    public let command: Command
    public let problem: Problem

    @inlinable public init(command: Command, problem: Problem) {
        self.command = command
        self.problem = problem
    }

    /// The first half of the message; `appendError(_:)` adds the command's usage.
    @inlinable public var message: StaticString {
        switch problem {
        case .missingArgument:
            switch command {
            case .find: "missing search text"
            case .auth: "missing token"
            default: "missing title"
            }
        case .missingSeparator: "missing '|' between title and info"
        case .emptyTitle: "empty title"
        case .unexpectedArgument: "takes no arguments"
        }
    }
}

extension Command {
    /// Splits and checks the arguments the parser found for this command.
    ///
    /// `ALL`, `COUNT`, `PING`, `STATS`, `HELP`, `WATCH` and `QUIT` take no
    /// argument, and anything after them is refused as `unexpectedArgument`
    /// rather than ignored: `ALL matrix` is more likely a mistyped `FIND matrix`
    /// than a request for every title, so the user should hear about it.
    ///
    /// Titles are only trimmed here; folding inner white space and the length
    /// limits belong to the catalogue, which normalises every title it sees.
    @inlinable public func splitArguments(_ arguments: UnsafeRawBufferPointer) -> Result<Arguments, ArgumentError> {
        switch self {
        case .get, .del, .find, .auth:
            if arguments.isEmpty { return .failure(ArgumentError(command: self, problem: .missingArgument)) }
            return .success(.text(arguments))
        case .add, .edit, .put:
            guard let bar = arguments.firstIndex(of: UInt8(ascii: "|")) else {
                return .failure(ArgumentError(command: self, problem: .missingSeparator))
            }
            let title = WhiteSpace.trim(UnsafeRawBufferPointer(rebasing: arguments[..<bar]))
            if title.isEmpty { return .failure(ArgumentError(command: self, problem: .emptyTitle)) }
            let info = WhiteSpace.trim(UnsafeRawBufferPointer(rebasing: arguments[(bar + 1)...]))
            return .success(.titleAndInfo(title: title, info: info))
        case .all, .count, .ping, .stats, .help, .watch, .quit:
            if !arguments.isEmpty { return .failure(ArgumentError(command: self, problem: .unexpectedArgument)) }
            return .success(.none)
        }
    }
}
