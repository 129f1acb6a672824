import Logging

/// Logs each kind of limit being hit at most once a second, so a flood of
/// refused connections cannot turn into a flood of log lines.
struct RateLimitedWarnings {
    enum Kind: Int, CaseIterable {
        case connectionLimit, outOfDescriptors, acceptFailed, slowSubscriber, interestFailed, threadLimit
    }

    private var lastLogged = [Int](repeating: Int.min, count: Kind.allCases.count)

    mutating func warn(_ kind: Kind, now: Int, _ logger: Logger, _ message: () -> String) {
        guard lastLogged[kind.rawValue] != now else { return }
        lastLogged[kind.rawValue] = now
        logger.warning("\(message())")
    }
}
