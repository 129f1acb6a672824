import Glibc

/// An `eventfd` the durability threads write to wake the event loop.
///
/// Glibc's Swift module leaves `sys/eventfd.h` out and this module depends on
/// nothing, so the function is looked up by name; glibc has had it since 2.8.
final class WakeupEvent: @unchecked Sendable {
    // The descriptor is set once; eventfd writes are thread-safe.
    private(set) var descriptor: Int32

    private typealias EventfdFunction = @convention(c) (UInt32, Int32) -> Int32

    init() throws(StoreError) {
        guard let symbol = dlsym(nil, "eventfd") else {
            throw StoreError(.io, path: "eventfd", message: "eventfd is not available from the C library")
        }
        let eventfd = unsafeBitCast(symbol, to: EventfdFunction.self)
        // EFD_NONBLOCK and EFD_CLOEXEC have the values of O_NONBLOCK and O_CLOEXEC.
        descriptor = eventfd(0, O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw .system("eventfd", path: "eventfd") }
    }

    deinit { close() }

    /// Makes the descriptor readable; safe from any thread.
    func signal() {
        var one: UInt64 = 1
        _ = write(descriptor, &one, MemoryLayout<UInt64>.size)
    }

    /// Resets the counter so level-triggered epoll stops reporting it.
    func drain() {
        guard descriptor >= 0 else { return }
        var count: UInt64 = 0
        _ = read(descriptor, &count, MemoryLayout<UInt64>.size)
    }

    /// Closes the descriptor; later calls do nothing. Only once no thread signals any more.
    func close() {
        guard descriptor >= 0 else { return }
        FileSystem.close(descriptor)
        descriptor = -1
    }
}
