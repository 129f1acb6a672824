import Glibc

/// A connection's bytes in or out: a growable run of memory with a read cursor.
///
/// Like the reactor's `ByteBuffer`, but with its cursors exempt from Swift's
/// run-time exclusivity checks: called from another module, every access to a
/// class's stored property otherwise pays for `swift_beginAccess`, which profiling
/// showed to be the load generator's largest single cost. The worker thread that
/// owns a connection is the only one that touches its buffers, so the checks have
/// nothing to catch.
public final class WireBuffer {
    @exclusivity(unchecked) @usableFromInline var base: UnsafeMutableRawPointer?
    @exclusivity(unchecked) @usableFromInline var capacity = 0
    @exclusivity(unchecked) @usableFromInline var readerIndex = 0
    @exclusivity(unchecked) @usableFromInline var writerIndex = 0

    public init() {}

    deinit { base?.deallocate() }

    @inlinable public var readableCount: Int { writerIndex - readerIndex }

    @inlinable public var isEmpty: Bool { writerIndex == readerIndex }

    /// The bytes not yet consumed; valid until the next change to the buffer.
    @inlinable public var readableBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base.map { $0 + readerIndex }, count: writerIndex - readerIndex)
    }

    @inlinable public func consume(_ count: Int) {
        precondition(count <= writerIndex - readerIndex, "consumed more than was readable")
        readerIndex += count
        if readerIndex == writerIndex {
            readerIndex = 0
            writerIndex = 0
        }
    }

    @inlinable public func clear() {
        readerIndex = 0
        writerIndex = 0
    }

    /// Frees the memory of an empty buffer (a connection that closed).
    public func releaseMemory() {
        guard isEmpty else { return }
        base?.deallocate()
        base = nil
        capacity = 0
    }

    /// At least `count` writable bytes at the end, to fill and then `commit(_:)`.
    @inlinable public func reserve(_ count: Int) -> UnsafeMutableRawPointer {
        if capacity - writerIndex < count { makeRoom(for: count) }
        return base.unsafelyUnwrapped + writerIndex
    }

    /// How many bytes the space `reserve(_:)` returned really has.
    @inlinable public var writableCount: Int { capacity - writerIndex }

    @inlinable public func commit(_ count: Int) {
        precondition(writerIndex + count <= capacity, "committed past the end of the buffer")
        writerIndex += count
    }

    @inlinable public func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        let destination = reserve(bytes.count)
        destination.copyMemory(from: source, byteCount: bytes.count)
        writerIndex += bytes.count
    }

    @inlinable public func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inlinable public func append(byte: UInt8) {
        reserve(1).storeBytes(of: byte, as: UInt8.self)
        writerIndex += 1
    }

    /// Appends a non-negative `value` in decimal.
    @inlinable public func append(decimal value: Int) {
        precondition(value >= 0)
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        let destination = reserve(digits)
        var remaining = value
        for position in stride(from: digits - 1, through: 0, by: -1) {
            destination.storeBytes(of: UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: remaining % 10), toByteOffset: position, as: UInt8.self)
            remaining /= 10
        }
        writerIndex += digits
    }

    /// Moves unread bytes to the front, or grows, so that `count` more fit.
    @usableFromInline func makeRoom(for count: Int) {
        let unread = writerIndex - readerIndex
        if let base, readerIndex > 0, capacity - unread >= count {
            base.copyMemory(from: base + readerIndex, byteCount: unread)
        } else {
            var newCapacity = max(capacity, 16 * 1024)
            while newCapacity - unread < count { newCapacity *= 2 }
            let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
            if let base {
                newBase.copyMemory(from: base + readerIndex, byteCount: unread)
                base.deallocate()
            }
            base = newBase
            capacity = newCapacity
        }
        readerIndex = 0
        writerIndex = unread
    }
}
