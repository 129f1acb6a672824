import Glibc
import Primitives

/// A spare descriptor kept open so the loop can still refuse connections when
/// the process runs out of descriptors.
///
/// Without it, `accept` failing with `EMFILE` leaves the connection queued and
/// level-triggered epoll reports the listener again at once: the loop spins at
/// 100% CPU. libuv's answer, used here: close the spare, accept and close the
/// pending connection, then take the spare back.
final class DescriptorReserve {
    private var descriptor: Int32

    init() {
        descriptor = open("/dev/null", O_RDONLY | O_CLOEXEC)
    }

    deinit {
        if descriptor >= 0 { closeDescriptor(descriptor) }
    }

    /// Frees the spare, lets `body` use the slot, then reclaims it.
    func withSpareSlot(_ body: () -> Void) {
        if descriptor >= 0 { closeDescriptor(descriptor) }
        body()
        descriptor = open("/dev/null", O_RDONLY | O_CLOEXEC)
    }
}
