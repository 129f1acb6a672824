import MovieRules

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
    /// The typed request this command makes with these arguments, or why they do not fit.
    ///
    /// `ALL`, `COUNT`, `PING`, `STATS`, `HELP`, `WATCH` and `QUIT` take no
    /// argument, and anything after them is refused as `unexpectedArgument`
    /// rather than ignored: `ALL matrix` is more likely a mistyped `FIND matrix`
    /// than a request for every title, so the user should hear about it.
    ///
    /// `ADD`, `EDIT` and `PUT` split at the first `|`. Titles are only trimmed
    /// here; folding inner white space and the length limits belong to
    /// `TitleNormalizer`, which every title goes through.
    @inlinable public func request(from arguments: UnsafeRawBufferPointer) -> Result<MovieRequest, ArgumentError> {
        func missing(_ problem: ArgumentError.Problem) -> Result<MovieRequest, ArgumentError> {
            .failure(ArgumentError(command: self, problem: problem))
        }
        switch self {
        case .get, .del, .find, .auth:
            if arguments.isEmpty { return missing(.missingArgument) }
            switch self {
            case .get: return .success(.get(title: arguments))
            case .del: return .success(.del(title: arguments))
            case .find: return .success(.find(text: arguments))
            default: return .success(.auth(token: arguments))
            }
        case .add, .edit, .put:
            guard let bar = arguments.firstIndex(of: UInt8(ascii: "|")) else { return missing(.missingSeparator) }
            let title = WhiteSpace.trim(UnsafeRawBufferPointer(rebasing: arguments[..<bar]))
            if title.isEmpty { return missing(.emptyTitle) }
            let info = WhiteSpace.trim(UnsafeRawBufferPointer(rebasing: arguments[(bar + 1)...]))
            switch self {
            case .add: return .success(.add(title: title, info: info))
            case .edit: return .success(.edit(title: title, info: info))
            default: return .success(.put(title: title, info: info))
            }
        case .all, .count, .ping, .stats, .help, .watch, .quit:
            if !arguments.isEmpty { return missing(.unexpectedArgument) }
            switch self {
            case .all: return .success(.all)
            case .count: return .success(.count)
            case .ping: return .success(.ping)
            case .stats: return .success(.stats)
            case .help: return .success(.help)
            case .watch: return .success(.watch)
            default: return .success(.quit)
            }
        }
    }
}
