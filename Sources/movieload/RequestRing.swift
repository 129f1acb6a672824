import LoadGeneration

/// Which part of the run a request belongs to; only `measured` requests reach the results.
enum RunPart: UInt8 {
    case populate, warmup, measured
}

/// One request waiting for its answer.
struct PendingRequest {
    /// When it should have been sent (open loop) or was queued (closed loop).
    var intended: UInt64
    /// When it was written.
    var sent: UInt64
    var key: UInt32
    var operation: Operation
    var part: RunPart
}

/// The requests a connection has in flight, oldest first, in a fixed power-of-two ring:
/// answers come back in order, so the oldest is always the one being answered.
struct RequestRing: ~Copyable {
    private let slots: UnsafeMutablePointer<PendingRequest>
    private let mask: Int
    private var head = 0
    private(set) var count = 0

    init(capacity: Int) {
        var size = 1
        while size < capacity { size <<= 1 }
        slots = .allocate(capacity: size)
        mask = size - 1
    }

    deinit { slots.deallocate() }

    var isEmpty: Bool { count == 0 }

    @inline(__always) var oldest: PendingRequest? {
        count == 0 ? nil : slots[head]
    }

    @inline(__always) mutating func append(_ request: PendingRequest) {
        precondition(count <= mask, "request ring overflow")
        (slots + ((head + count) & mask)).initialize(to: request)
        count += 1
    }

    @inline(__always) mutating func removeOldest() -> PendingRequest {
        let request = slots[head]
        head = (head + 1) & mask
        count -= 1
        return request
    }

    mutating func removeAll() {
        head = 0
        count = 0
    }
}
