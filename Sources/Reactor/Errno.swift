import Glibc

/// A failed system call's `errno`, with readable names for the ones the reactor acts on.
public struct Errno: Error, Equatable, CustomStringConvertible, Sendable {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The calling thread's current `errno`.
    public static var current: Errno { Errno(rawValue: errno) }

    public static let interrupted = Errno(rawValue: EINTR)
    public static let wouldBlock = Errno(rawValue: EAGAIN)
    public static let addressInUse = Errno(rawValue: EADDRINUSE)
    public static let tooManyOpenFiles = Errno(rawValue: EMFILE)
    public static let tooManyOpenFilesInSystem = Errno(rawValue: ENFILE)
    public static let connectionAborted = Errno(rawValue: ECONNABORTED)

    public var description: String { String(cString: strerror(rawValue)) }
}

/// A system call that failed, named so that a log line says which one.
public struct SystemCallError: Error, CustomStringConvertible, Sendable {
    public let call: String
    public let errno: Errno

    public init(_ call: String, _ errno: Errno = .current) {
        self.call = call
        self.errno = errno
    }

    public var description: String { "\(call): \(errno)" }
}

/// Runs a system call until it is not interrupted by a signal.
///
/// Returns the call's non-negative result, or the `errno` it failed with; the
/// one place where `EINTR` is retried, as SwiftNIO's `syscall(blocking:)` is.
@inlinable
public func retryingInterrupts<Result: BinaryInteger>(_ call: () -> Result) -> Swift.Result<Result, Errno> {
    while true {
        let result = call()
        if result >= 0 { return .success(result) }
        let failure = Errno.current
        if failure != .interrupted { return .failure(failure) }
    }
}

/// Closes a descriptor, ignoring `EINTR` as Linux requires (the descriptor is gone either way).
public func closeDescriptor(_ descriptor: Int32) {
    _ = Glibc.close(descriptor)
}
