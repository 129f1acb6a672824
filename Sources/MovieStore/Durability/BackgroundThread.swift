import Glibc

/// Starts the durability threads: plain pthreads that take no signals.
enum BackgroundThread {
    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Starts `body` on a new joinable thread.
    ///
    /// The thread blocks every signal, so a SIGTERM or SIGINT meant for the
    /// server is never delivered to it, whether or not the event loop has
    /// blocked them (for a `signalfd`) before this runs.
    static func start(_ body: @escaping @Sendable () -> Void) -> pthread_t {
        var all = sigset_t()
        var previous = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_SETMASK, &all, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        var thread = pthread_t()
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        let status = pthread_create(&thread, nil, { context in
            Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, context)
        precondition(status == 0, "pthread_create failed: \(SystemErrorText.describe(status))")
        return thread
    }

    static func join(_ thread: pthread_t) {
        pthread_join(thread, nil)
    }
}
