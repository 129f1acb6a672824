import Glibc

/// A plain POSIX thread that takes no signals, joined explicitly.
///
/// The thread blocks every signal, so a SIGTERM or SIGINT meant for the process
/// reaches the thread that waits for it (an event loop's `signalfd`), whether or
/// not that thread has blocked them before this one starts.
public final class SystemThread: @unchecked Sendable {
    // Set once in init, read by `join` on the starting thread only.
    private var thread = pthread_t()

    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    /// Starts `body` on a new thread.
    ///
    /// Failing to start one (the process is at its thread limit) is fatal: no
    /// caller could go on without the thread it asked for.
    public init(_ body: @escaping () -> Void) {
        var all = sigset_t()
        var previous = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_SETMASK, &all, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        let status = pthread_create(&thread, nil, { context in
            Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, context)
        precondition(status == 0, "pthread_create failed: \(Errno(rawValue: status))")
    }

    /// Waits for the thread's body to return.
    public func join() {
        pthread_join(thread, nil)
    }
}
