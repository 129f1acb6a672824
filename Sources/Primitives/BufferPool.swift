/// A stack of equally sized memory blocks lent to connection buffers.
///
/// Taking and returning a block is a pointer push or pop, so a busy
/// connection that borrows and returns buffers every tick never calls `malloc`.
/// At most `retainedLimit` spare blocks are kept; more are freed, so a burst of
/// busy connections does not leave its memory behind.
public final class BufferPool {
    public let blockSize: Int
    public let retainedLimit: Int
    @usableFromInline var spare: [UnsafeMutableRawPointer] = []

    public init(blockSize: Int = 16 * 1024, retainedLimit: Int = 256) {
        self.blockSize = blockSize
        self.retainedLimit = retainedLimit
        spare.reserveCapacity(retainedLimit)
    }

    deinit {
        for block in spare { block.deallocate() }
    }

    /// How many blocks wait in the pool.
    public var spareCount: Int { spare.count }

    @inlinable public func takeBlock() -> UnsafeMutableRawPointer {
        spare.popLast() ?? UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 16)
    }

    @inlinable public func giveBack(_ block: UnsafeMutableRawPointer) {
        if spare.count < retainedLimit {
            spare.append(block)
        } else {
            block.deallocate()
        }
    }
}
