import Glibc

/// A failed system call's `errno`, with readable names for the ones callers act on.
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
    public static let connectionReset = Errno(rawValue: ECONNRESET)
    public static let inProgress = Errno(rawValue: EINPROGRESS)
    public static let notImplemented = Errno(rawValue: ENOSYS)

    /// The C library's text for it, read with `strerror_r`, so any thread may ask.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: 256)
        // glibc's `strerror_r` comes in the XSI flavour here: it fills the buffer and returns 0.
        guard strerror_r(rawValue, &buffer, buffer.count) == 0 else { return "errno \(rawValue)" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
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
/// Returns the call's non-negative result, or the `errno` it failed with; every
/// module retries `EINTR` through this, as SwiftNIO's `syscall(blocking:)` does.
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
