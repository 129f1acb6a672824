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
        switch Self.start(body, attributes: nil) {
        case .success(let started): thread = started
        case .failure(let error): preconditionFailure("pthread_create failed: \(error)")
        }
    }

    /// Waits for the thread's body to return.
    public func join() {
        pthread_join(thread, nil)
    }

    /// Starts `body` on a new thread that nobody joins, with a stack of `stackBytes`;
    /// false if the process may start no more threads. For a thread per client,
    /// where a limit reached must refuse that client, not end the server.
    public static func detached(stackBytes: Int, _ body: @escaping () -> Void) -> Bool {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        pthread_attr_setstacksize(&attributes, stackBytes)
        if case .success = start(body, attributes: &attributes) { return true }
        return false
    }

    private static func start(_ body: @escaping () -> Void, attributes: UnsafePointer<pthread_attr_t>?) -> Result<pthread_t, Errno> {
        var all = sigset_t()
        var previous = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_SETMASK, &all, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        var thread = pthread_t()
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        let status = pthread_create(&thread, attributes, { context in
            Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            return .failure(Errno(rawValue: status))
        }
        return .success(thread)
    }
}
