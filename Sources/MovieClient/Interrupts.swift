import Glibc
import Primitives

/// Turns Ctrl-C (SIGINT) and SIGTERM into a readable descriptor, so a poll loop can end cleanly.
///
/// The handler only writes one byte to a pipe: the one thing a signal handler
/// may safely do here. A loop polls the pipe's read end with its sockets.
/// Catching nests: the shell catches Ctrl-C for its whole life, and `watch` or
/// `import` run inside it catch SIGTERM as well for their own; each `end()`
/// gives the signals back what they had before.
public enum Interrupts {
    nonisolated(unsafe) private static var writeEnd: Int32 = -1
    nonisolated(unsafe) private static var readEnd: Int32 = -1

    /// Signals being caught until `end()`.
    public struct Scope {
        /// Becomes readable when one of the signals arrives.
        public let descriptor: Int32
        fileprivate let previous: [(signal: Int32, action: sigaction)]

        /// Gives each signal back the handling it had before, and forgets a signal not yet read.
        public func end() {
            for (signal, action) in previous.reversed() {
                var action = action
                sigaction(signal, &action, nil)
            }
            Interrupts.clear()
        }
    }

    /// Starts catching `signals` (SIGINT, SIGTERM); the scope's descriptor becomes readable on one.
    ///
    /// A signal caught before this call and not yet read is forgotten, so an old
    /// Ctrl-C cannot end what starts now.
    public static func catching(_ signals: [Int32]) -> Scope {
        if readEnd < 0 {
            var ends: [Int32] = [-1, -1]
            if pipe(&ends) == 0 {
                for end in ends {
                    _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
                    _ = fcntl(end, F_SETFD, FD_CLOEXEC)
                }
                readEnd = ends[0]
                writeEnd = ends[1]
            }
        }
        clear()
        var handler = sigaction()
        handler.__sigaction_handler.sa_handler = { _ in Interrupts.notify() }
        sigemptyset(&handler.sa_mask)
        // Calls other than poll (a write to the terminal) carry on after the handler.
        handler.sa_flags = SA_RESTART
        var previous: [(signal: Int32, action: sigaction)] = []
        for signal in signals {
            var old = sigaction()
            sigaction(signal, &handler, &old)
            previous.append((signal, old))
        }
        unblock(signals)
        return Scope(descriptor: readEnd, previous: previous)
    }

    /// Forgets signals that arrived but were not read yet: the Ctrl-C that ended a command is spent.
    public static func clear() {
        guard readEnd >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readEnd, &buffer, buffer.count) > 0 {}
    }

    /// Whether a signal has arrived and not been read, without waiting.
    public static func arePending(on descriptor: Int32) -> Bool {
        var polled = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let result = retryingInterrupts { poll(&polled, 1, 0) }
        return result == .success(1)
    }

    /// A parent may start us with these signals blocked (a mask is inherited
    /// across exec); a blocked Ctrl-C would never reach the handler.
    private static func unblock(_ signals: [Int32]) {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        sigprocmask(SIG_UNBLOCK, &set, nil)
    }

    private static func notify() {
        let savedErrno = errno
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
        errno = savedErrno
    }
}

/// Ctrl-C (or SIGTERM) ended what was being done.
public struct Interruption: Error, Equatable, Sendable {
    public init() {}
}
