import Glibc

/// Turns Ctrl-C (SIGINT) and SIGTERM into a readable descriptor, so a poll loop can end cleanly.
///
/// The handler only writes one byte to a pipe: the one thing a signal handler
/// may safely do here. The loop polls the pipe's read end with its sockets.
enum Interrupts {
    nonisolated(unsafe) private static var writeEnd: Int32 = -1
    nonisolated(unsafe) private static var readEnd: Int32 = -1

    /// Starts catching SIGINT and SIGTERM; returns the descriptor that becomes readable on one.
    static func catchSignals() -> Int32 {
        if readEnd < 0 {
            var ends: [Int32] = [-1, -1]
            guard pipe(&ends) == 0 else { return -1 }
            for end in ends {
                _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            }
            readEnd = ends[0]
            writeEnd = ends[1]
        }
        drain()
        signal(SIGINT) { _ in Interrupts.notify() }
        signal(SIGTERM) { _ in Interrupts.notify() }
        // A parent may start us with these signals blocked (a mask is inherited
        // across exec); a blocked Ctrl-C would never reach the handler.
        unblock()
        return readEnd
    }

    private static func unblock() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        sigprocmask(SIG_UNBLOCK, &set, nil)
    }

    /// Gives SIGINT and SIGTERM back their default effect (ending the process).
    static func restoreDefaults() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
        drain()
    }

    private static func notify() {
        let savedErrno = errno
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
        errno = savedErrno
    }

    private static func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readEnd, &buffer, buffer.count) > 0 {}
    }
}
