/// Movies in key order, frozen at the moment they were listed.
///
/// Taking one costs next to nothing and later writes to the catalogue never
/// change it, so the server can stream a long `ALL` or `FIND` answer over many
/// event-loop ticks: keep an `Index` as the cursor and advance it with
/// `index(after:)`.
public struct MovieSnapshot: BidirectionalCollection {
    /// A position in a snapshot: a block and an offset within it.
    public struct Index: Comparable, Sendable {
        @usableFromInline let block: Int
        @usableFromInline let offset: Int

        @inlinable init(block: Int, offset: Int) {
            self.block = block
            self.offset = offset
        }

        @inlinable public static func < (lhs: Index, rhs: Index) -> Bool {
            (lhs.block, lhs.offset) < (rhs.block, rhs.offset)
        }
    }

    // Never holds an empty block, so (blocks.count, 0) is the only end position.
    @usableFromInline let blocks: ContiguousArray<MovieBlock>

    /// How many movies the snapshot holds.
    public let count: Int

    @usableFromInline init(blocks: ContiguousArray<MovieBlock>, count: Int) {
        self.blocks = blocks
        self.count = count
    }

    @inlinable public var startIndex: Index { Index(block: 0, offset: 0) }

    @inlinable public var endIndex: Index { Index(block: blocks.count, offset: 0) }

    @inlinable public func index(after position: Index) -> Index {
        if position.offset + 1 < blocks[position.block].count {
            return Index(block: position.block, offset: position.offset + 1)
        }
        return Index(block: position.block + 1, offset: 0)
    }

    @inlinable public func index(before position: Index) -> Index {
        if position.offset > 0 { return Index(block: position.block, offset: position.offset - 1) }
        return Index(block: position.block - 1, offset: blocks[position.block - 1].count - 1)
    }

    /// The position of the movie `offset` places from the start (the end if there are
    /// not that many), found a block at a time.
    public func index(atOffset offset: Int) -> Index {
        var remaining = offset
        for block in 0..<blocks.count {
            let count = blocks[block].count
            if remaining < count { return Index(block: block, offset: remaining) }
            remaining -= count
        }
        return endIndex
    }

    @inlinable public subscript(position: Index) -> Movie {
        blocks[position.block][position.offset]
    }

    /// The movies whose key contains `needle`, in the same order.
    func movies(withKeyContaining needle: UnsafeRawBufferPointer) -> MovieSnapshot {
        var matches = MovieBlock.make(capacity: 16)
        for block in blocks {
            for offset in 0..<block.count {
                let movie = block[offset]
                guard movie.withKey({ ByteComparison.contains($0, needle) }) else { continue }
                if matches.isFull { matches = matches.successor(capacity: matches.reservedCount * 2, sharing: false) }
                matches.append(movie)
            }
        }
        guard matches.count > 0 else { return MovieSnapshot(blocks: [], count: 0) }
        return MovieSnapshot(blocks: [matches], count: matches.count)
    }
}
