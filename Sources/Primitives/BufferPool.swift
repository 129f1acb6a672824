import CLinuxEvents

/// A stack of equally sized memory blocks lent to connection buffers.
///
/// Taking and returning a block is a pointer push or pop, so a busy
/// connection that borrows and returns buffers every tick never calls `malloc`.
/// At most `retainedLimit` spare blocks are kept; more are freed, so a burst of
/// busy connections does not leave its memory behind.
public final class BufferPool {
    public let blockSize: Int
    public let retainedLimit: Int
    /// The spare blocks, a stack of `retainedLimit` slots of which the first
    /// `spares` are used: a plain pointer array, so a push or pop is a load and a
    /// store, with none of an `Array`'s uniqueness and capacity checks.
    @usableFromInline let spare: UnsafeMutablePointer<UnsafeMutableRawPointer>
    @usableFromInline var spares = 0

    /// How many blocks wait in the pool.
    public var spareCount: Int { spares }

    public init(blockSize: Int = 16 * 1024, retainedLimit: Int = 256) {
        self.blockSize = blockSize
        self.retainedLimit = retainedLimit
        spare = .allocate(capacity: max(retainedLimit, 1))
    }

    deinit {
        for index in 0..<spares { spare[index].deallocate() }
        spare.deallocate()
    }

    @inlinable public func takeBlock() -> UnsafeMutableRawPointer {
        guard spares > 0 else { return UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 16) }
        spares -= 1
        return spare[spares]
    }

    @inlinable public func giveBack(_ block: UnsafeMutableRawPointer) {
        if spares < retainedLimit {
            spare[spares] = block
            spares += 1
        } else {
            free(block, byteCount: blockSize)
        }
    }

    /// Frees a block (or a buffer's grown storage) rather than keeping it, and counts it.
    @usableFromInline func free(_ block: UnsafeMutableRawPointer, byteCount: Int) {
        block.deallocate()
        freedSinceTrim += byteCount
    }

    /// Spare blocks at the last `tick()`.
    private var spareAtLastTick = 0
    /// Bytes freed since the C library was last asked to return free memory.
    private var freedSinceTrim = 0

    /// Once a second: a pool whose spare blocks did not get fewer since the last
    /// tick frees all but a few, and once a megabyte or more was freed, asks the
    /// C library to return free memory to the kernel (`malloc_trim`), so that the
    /// resident size falls back near its baseline after a flood of connections.
    public func tick() {
        if spares > Self.idleSpareBlocks && spares >= spareAtLastTick {
            while spares > Self.idleSpareBlocks {
                spares -= 1
                free(spare[spares], byteCount: blockSize)
            }
        }
        spareAtLastTick = spares
        if freedSinceTrim >= 1 << 20 {
            malloc_trim(0)
            freedSinceTrim = 0
        }
    }

    /// Spare blocks an idle pool keeps, so the next few clients borrow without `malloc`.
    static var idleSpareBlocks: Int { 16 }
}
