import Glibc

/// A growable run of bytes with a read cursor, used for connection input and output.
///
/// A buffer holds no memory while it is empty and detached: the reactor lends it a
/// block from a `BufferPool` when bytes arrive and takes the block back once every
/// byte has been consumed, so idle connections cost no buffer memory at all.
public final class ByteBuffer {
    @usableFromInline var base: UnsafeMutableRawPointer?
    @usableFromInline var capacity: Int = 0
    @usableFromInline var readerIndex: Int = 0
    @usableFromInline var writerIndex: Int = 0

    public init() {}

    deinit { base?.deallocate() }

    /// How many bytes are waiting to be consumed.
    @inlinable public var readableCount: Int { writerIndex - readerIndex }

    /// Whether every byte written has been consumed.
    @inlinable public var isEmpty: Bool { writerIndex == readerIndex }

    /// Whether the buffer currently holds a block of memory.
    public var hasStorage: Bool { base != nil }

    /// The bytes waiting to be consumed; valid until the next mutation.
    @inlinable public var readableBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base.map { $0 + readerIndex }, count: readableCount)
    }

    /// Marks `count` readable bytes as consumed.
    @inlinable public func consume(_ count: Int) {
        precondition(count <= readableCount, "consumed more than was readable")
        readerIndex += count
        if readerIndex == writerIndex {
            readerIndex = 0
            writerIndex = 0
        }
    }

    /// Drops everything, keeping the memory.
    @inlinable public func clear() {
        readerIndex = 0
        writerIndex = 0
    }

    /// Space for at least `count` more bytes, to be filled (by `read(2)`, say)
    /// and then claimed with `commitWritten(_:)`.
    @inlinable public func writableSpace(atLeast count: Int) -> UnsafeMutableRawBufferPointer {
        ensureWritable(count)
        return UnsafeMutableRawBufferPointer(start: base! + writerIndex, count: capacity - writerIndex)
    }

    /// Claims `count` bytes written into the space `writableSpace(atLeast:)` returned.
    @inlinable public func commitWritten(_ count: Int) {
        precondition(writerIndex + count <= capacity, "committed past the end of the buffer")
        writerIndex += count
    }

    @inlinable public func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        ensureWritable(bytes.count)
        (base! + writerIndex).copyMemory(from: source, byteCount: bytes.count)
        writerIndex += bytes.count
    }

    /// Claims `count` bytes at the end for the caller to fill, every one of
    /// them, before the buffer is next read; returns where they start.
    ///
    /// One capacity check for a piece of output built from several parts (an
    /// answer line around stored bytes), where separate appends would check each.
    @inlinable public func appendUninitialized(count: Int) -> UnsafeMutableRawPointer {
        ensureWritable(count)
        let start = base.unsafelyUnwrapped + writerIndex
        writerIndex += count
        return start
    }

    /// Inserts `bytes` `offset` bytes into the unread bytes, moving what follows them.
    public func insert(_ bytes: UnsafeRawBufferPointer, atReadableOffset offset: Int) {
        precondition(offset >= 0 && offset <= readableCount, "inserted outside the unread bytes")
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        ensureWritable(bytes.count)
        let at = base.unsafelyUnwrapped + readerIndex + offset
        // copyMemory is a memmove: the regions may overlap.
        (at + bytes.count).copyMemory(from: at, byteCount: readableCount - offset)
        at.copyMemory(from: source, byteCount: bytes.count)
        writerIndex += bytes.count
    }

    @inlinable public func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    @inlinable public func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    public func append(_ text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    @inlinable public func append(byte: UInt8) {
        ensureWritable(1)
        base!.storeBytes(of: byte, toByteOffset: writerIndex, as: UInt8.self)
        writerIndex += 1
    }

    /// Appends `value` in decimal without going through `String`.
    @inlinable public func append(decimal value: Int) {
        ensureWritable(20)
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let written = withUnsafeMutableBytes(of: &digits) { scratch -> Int in
            var position = scratch.count
            repeat {
                position -= 1
                scratch[position] = UInt8(truncatingIfNeeded: magnitude % 10) &+ UInt8(ascii: "0")
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                position -= 1
                scratch[position] = UInt8(ascii: "-")
            }
            let count = scratch.count - position
            (base! + writerIndex).copyMemory(from: scratch.baseAddress! + position, byteCount: count)
            return count
        }
        writerIndex += written
    }

    /// Moves the unconsumed bytes to the front so the free space is contiguous.
    public func compact() {
        guard readerIndex > 0, let base else { return }
        let count = readableCount
        base.copyMemory(from: base + readerIndex, byteCount: count)
        readerIndex = 0
        writerIndex = count
    }

    @inlinable func ensureWritable(_ count: Int) {
        if capacity - writerIndex >= count { return }
        grow(toFit: count)
    }

    @usableFromInline func grow(toFit count: Int) {
        if readerIndex > 0 && capacity - readableCount >= count {
            compact()
            return
        }
        var newCapacity = max(capacity, 1024)
        while newCapacity - readableCount < count { newCapacity *= 2 }
        let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        if let base {
            newBase.copyMemory(from: base + readerIndex, byteCount: readableCount)
            base.deallocate()
        }
        writerIndex = readableCount
        readerIndex = 0
        base = newBase
        capacity = newCapacity
    }

    /// Whether the buffer's storage is a block of `pool`'s size.
    @inlinable public func holdsBlock(of pool: BufferPool) -> Bool {
        base != nil && capacity == pool.blockSize
    }

    /// Moves the unread bytes into a block from `pool`, and gives the storage they
    /// were in back to `current` (or frees it, if it grew past `current`'s blocks):
    /// how a few unread bytes move out of a big block into a small one, and back.
    public func moveUnread(into pool: BufferPool, returningStorageTo current: BufferPool) {
        precondition(readableCount <= pool.blockSize, "unread bytes larger than the block")
        let block = pool.takeBlock()
        if let base, readableCount > 0 { block.copyMemory(from: base + readerIndex, byteCount: readableCount) }
        let old = base
        let oldCapacity = capacity
        writerIndex = readableCount
        readerIndex = 0
        base = block
        capacity = pool.blockSize
        guard let old else { return }
        if oldCapacity == current.blockSize {
            current.giveBack(old)
        } else {
            current.free(old, byteCount: oldCapacity)
        }
    }

    /// Takes a block from `pool` if the buffer has none.
    @inlinable @inline(__always) public func attachStorage(from pool: BufferPool) {
        guard base == nil else { return }
        base = pool.takeBlock()
        capacity = pool.blockSize
    }

    /// Frees the memory of an empty buffer that borrows from no pool (a closed connection's).
    public func releaseMemory() {
        guard isEmpty else { return }
        base?.deallocate()
        base = nil
        capacity = 0
    }

    /// Gives the buffer's block back to `pool` if nothing is left to consume in it.
    /// Blocks that grew past the pool's size are freed instead, so one huge
    /// response does not pin its memory for the life of the process.
    @inlinable @inline(__always) public func releaseStorageIfEmpty(to pool: BufferPool) {
        guard isEmpty, let block = base else { return }
        base = nil
        if capacity == pool.blockSize {
            pool.giveBack(block)
        } else {
            pool.free(block, byteCount: capacity)
        }
        capacity = 0
    }
}
