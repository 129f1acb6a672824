/// Every movie in key order, stored as a list of blocks so that a snapshot is
/// a copy of the block list and a write after it copies one block.
///
/// One flat sorted array would make each insert shift up to a million
/// references and each first write after a snapshot copy all of them; blocks
/// of at most `maximumBlockCount` bound both costs.
struct SortedMovies {
    /// A block that would grow past this many movies is split in two.
    static let maximumBlockCount = 512

    /// A block this small is merged into a neighbour when the two fit in one.
    static let minimumBlockCount = maximumBlockCount / 4

    private(set) var blocks: ContiguousArray<MovieBlock> = []
    private(set) var count = 0

    init() {}

    /// Builds the list from movies with distinct keys, in any order.
    ///
    /// Sorting compares each movie many times, and reaching into a million
    /// scattered objects per comparison is slow, so 16 key bytes are copied
    /// beside each reference and keys are read only on a tie. The 16 bytes
    /// start after the prefix every key shares (`Film 0000001`, `Film
    /// 0000002`...), which would otherwise make every comparison a tie. The
    /// references are unmanaged for the same reason: `movies` keeps them alive,
    /// and retaining each one just to sort it would touch every object twice more.
    init(sorting movies: ContiguousArray<Movie>) {
        struct Entry {
            let prefix: (UInt64, UInt64)
            let movie: Unmanaged<Movie>
        }
        let shared = Self.sharedPrefixCount(movies)
        var entries = ContiguousArray<Entry>()
        entries.reserveCapacity(movies.count)
        for movie in movies {
            var prefix: (UInt64, UInt64) = (0, 0)
            movie.withKey { key in
                withUnsafeMutableBytes(of: &prefix) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: key[shared...].prefix(16))) }
            }
            entries.append(Entry(prefix: (UInt64(bigEndian: prefix.0), UInt64(bigEndian: prefix.1)), movie: .passUnretained(movie)))
        }
        entries.sort { a, b in
            if a.prefix != b.prefix { return a.prefix < b.prefix }
            return Self.compareKeys(a.movie.takeUnretainedValue(), b.movie.takeUnretainedValue()) < 0
        }

        append(count: entries.count) { entries[$0].movie.takeUnretainedValue() }
        withExtendedLifetime(movies) {}
    }

    /// Builds the list from movies with distinct keys already in ascending key order.
    init(ordered movies: ContiguousArray<Movie>) {
        append(count: movies.count) { movies[$0] }
    }

    /// Fills an empty list with `count` movies in key order, three quarters of
    /// each block full so the first inserts do not split them.
    private mutating func append(count total: Int, movieAt: (Int) -> Movie) {
        let perBlock = Self.maximumBlockCount * 3 / 4
        blocks.reserveCapacity((total + perBlock - 1) / perBlock)
        var start = 0
        while start < total {
            let end = min(start + perBlock, total)
            let block = MovieBlock.make(capacity: Self.roomyCapacity(for: end - start))
            for position in start..<end { block.append(movieAt(position)) }
            blocks.append(block)
            start = end
        }
        count = total
    }

    /// How many leading bytes every key in `movies` has in common.
    private static func sharedPrefixCount(_ movies: ContiguousArray<Movie>) -> Int {
        guard let firstMovie = movies.first else { return 0 }
        return firstMovie.withKey { first in
            var shared = first.count
            for movie in movies {
                shared = movie.withKey { key in
                    var count = 0
                    let limit = min(shared, key.count)
                    while count < limit, key[count] == first[count] { count += 1 }
                    return count
                }
                if shared == 0 { break }
            }
            return shared
        }
    }

    /// How `a`'s key sorts against `b`'s, as `ByteComparison.compare` reports it.
    private static func compareKeys(_ a: Movie, _ b: Movie) -> Int {
        a.withKey { aKey in b.withKey { bKey in ByteComparison.compare(aKey, bKey) } }
    }

    var snapshot: MovieSnapshot { MovieSnapshot(blocks: blocks, count: count) }

    /// Adds `movie`, whose key must not be in the list yet.
    mutating func insert(_ movie: Movie) {
        count += 1
        guard !blocks.isEmpty else {
            let block = MovieBlock.make(capacity: Self.roomyCapacity(for: 1))
            block.append(movie)
            blocks.append(block)
            return
        }
        var (b, position) = movie.withKey { lowerBound($0) }
        let isUnique = isKnownUniquelyReferenced(&blocks[b])
        if blocks[b].count == Self.maximumBlockCount {
            split(blockAt: b, sharing: !isUnique)
            if position > blocks[b].count {
                position -= blocks[b].count
                b += 1
            }
        } else if !isUnique || blocks[b].isFull {
            // Shared with a snapshot, or out of room: a successor with room takes its place.
            blocks[b] = blocks[b].successor(capacity: Self.roomyCapacity(for: blocks[b].count + 1), sharing: !isUnique)
        }
        blocks[b].insert(movie, at: position)
    }

    /// Puts `new` where `old` is; both must have the same key.
    mutating func replace(_ old: Movie, with new: Movie) {
        let (b, position) = position(of: old)
        if !isKnownUniquelyReferenced(&blocks[b]) { blocks[b] = Self.sharedCopy(of: blocks[b]) }
        blocks[b].replace(at: position, with: new)
    }

    /// Removes `movie`, which must be in the list.
    mutating func remove(_ movie: Movie) {
        let (b, position) = position(of: movie)
        count -= 1
        if !isKnownUniquelyReferenced(&blocks[b]) { blocks[b] = Self.sharedCopy(of: blocks[b]) }
        blocks[b].remove(at: position)
        tidy(blockAt: b)
    }

    /// Room for `count` movies and some growth, so that inserts into a block
    /// copy it only every eighth of its size, never past the maximum.
    private static func roomyCapacity(for count: Int) -> Int {
        min(count + count / 8 + 4, maximumBlockCount)
    }

    /// A copy of a block a snapshot also holds, for the catalogue to change.
    private static func sharedCopy(of block: MovieBlock) -> MovieBlock {
        block.successor(capacity: roomyCapacity(for: block.count), sharing: true)
    }

    private mutating func split(blockAt b: Int, sharing: Bool) {
        let half = blocks[b].count / 2
        let capacities = (Self.roomyCapacity(for: half), Self.roomyCapacity(for: blocks[b].count - half))
        let (left, right) = blocks[b].split(at: half, capacities: capacities, sharing: sharing)
        blocks[b] = left
        blocks.insert(right, at: b + 1)
    }

    /// Drops an emptied block, merges a small one into a neighbour, or gives
    /// back capacity a shrunken block no longer needs.
    private mutating func tidy(blockAt b: Int) {
        let block = blocks[b]
        if block.count == 0 {
            blocks.remove(at: b)
            return
        }
        if block.count < Self.minimumBlockCount, let neighbour = smallerNeighbour(ofBlockAt: b),
           block.count + blocks[neighbour].count <= Self.maximumBlockCount * 3 / 4 {
            let first = min(b, neighbour)
            let merged = MovieBlock.make(capacity: Self.roomyCapacity(for: block.count + blocks[neighbour].count))
            merged.append(contentsOf: blocks[first])
            merged.append(contentsOf: blocks[first + 1])
            blocks[first] = merged
            blocks.remove(at: first + 1)
            return
        }
        if block.reservedCount > 2 * Self.roomyCapacity(for: block.count) {
            // Only a block nothing else holds gets here: `remove` made it unique.
            blocks[b] = block.successor(capacity: Self.roomyCapacity(for: block.count), sharing: false)
        }
    }

    private func smallerNeighbour(ofBlockAt b: Int) -> Int? {
        let before = b > 0 ? b - 1 : nil
        let after = b + 1 < blocks.count ? b + 1 : nil
        guard let before, let after else { return before ?? after }
        return blocks[before].count <= blocks[after].count ? before : after
    }

    /// Where `key` is or would be inserted: the block whose range covers it
    /// and the first position in it whose key is not below `key`.
    private func lowerBound(_ key: UnsafeRawBufferPointer) -> (block: Int, position: Int) {
        // The last block whose first key is not above `key`, or the first block.
        var low = 0
        var high = blocks.count
        while low < high {
            let middle = (low + high) / 2
            if blocks[middle][0].compareKey(with: key) <= 0 { low = middle + 1 } else { high = middle }
        }
        let b = max(low - 1, 0)
        let block = blocks[b]
        low = 0
        high = block.count
        while low < high {
            let middle = (low + high) / 2
            if block[middle].compareKey(with: key) < 0 { low = middle + 1 } else { high = middle }
        }
        return (b, low)
    }

    private func position(of movie: Movie) -> (block: Int, position: Int) {
        let (b, position) = movie.withKey { lowerBound($0) }
        guard position < blocks[b].count, blocks[b][position] === movie else {
            preconditionFailure("looked for a movie the sorted list does not hold")
        }
        return (b, position)
    }
}
