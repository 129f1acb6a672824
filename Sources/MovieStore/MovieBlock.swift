/// A run of movie references in key order: the unit that snapshots share.
///
/// A block is changed in place only while nothing else holds it; otherwise the
/// sorted list copies it first. Its room is chosen by the caller rather than
/// doubled, so the sorted listing costs little more than one reference per movie.
@usableFromInline final class MovieBlock: ManagedBuffer<MovieBlockHeader, Movie> {
    /// An empty block with room for exactly `capacity` movies.
    static func make(capacity: Int) -> MovieBlock {
        let buffer = create(minimumCapacity: capacity) { _ in MovieBlockHeader(count: 0, reservedCount: capacity) }
        return unsafeDowncast(buffer, to: MovieBlock.self)
    }

    deinit {
        _ = withUnsafeMutablePointers { header, movies in movies.deinitialize(count: header.pointee.count) }
    }

    // The header is read through a pointer: `ManagedBuffer.header` is a stored
    // class property, so reading it directly costs a run-time exclusivity check in builds that keep them.
    @inlinable var count: Int { withUnsafeMutablePointerToHeader { $0.pointee.count } }

    /// How many movies the block has room for. (`ManagedBuffer.capacity` asks
    /// malloc, which may have handed out more than was requested.)
    var reservedCount: Int { withUnsafeMutablePointerToHeader { $0.pointee.reservedCount } }

    var isFull: Bool { withUnsafeMutablePointerToHeader { $0.pointee.count == $0.pointee.reservedCount } }

    @inlinable subscript(position: Int) -> Movie {
        withUnsafeMutablePointerToElements { $0[position] }
    }

    func append(_ movie: Movie) {
        precondition(!isFull, "appended to a full block")
        withUnsafeMutablePointers { header, movies in
            (movies + header.pointee.count).initialize(to: movie)
            header.pointee.count += 1
        }
    }

    func insert(_ movie: Movie, at position: Int) {
        precondition(!isFull, "inserted into a full block")
        withUnsafeMutablePointers { header, movies in
            let count = header.pointee.count
            (movies + position + 1).moveInitialize(from: movies + position, count: count - position)
            (movies + position).initialize(to: movie)
            header.pointee.count = count + 1
        }
    }

    func remove(at position: Int) {
        withUnsafeMutablePointers { header, movies in
            let count = header.pointee.count
            (movies + position).deinitialize(count: 1)
            (movies + position).moveInitialize(from: movies + position + 1, count: count - position - 1)
            header.pointee.count = count - 1
        }
    }

    func replace(at position: Int, with movie: Movie) {
        withUnsafeMutablePointerToElements { $0[position] = movie }
    }

    /// A new block with room for `capacity` holding this block's movies.
    ///
    /// Unless `sharing`, the references are moved rather than retained (a
    /// retain touches each movie, scattered across the heap) and this block is
    /// left empty: only for a block nothing else holds.
    func successor(capacity: Int, sharing: Bool) -> MovieBlock {
        let successor = MovieBlock.make(capacity: capacity)
        successor.append(contentsOf: self, 0..<count, sharing: sharing)
        if !sharing { forgetMovedMovies() }
        return successor
    }

    /// Two new blocks with room for `capacities` holding this block's movies
    /// before and from `position`; moves or shares as `successor` does.
    func split(at position: Int, capacities: (Int, Int), sharing: Bool) -> (MovieBlock, MovieBlock) {
        let left = MovieBlock.make(capacity: capacities.0)
        left.append(contentsOf: self, 0..<position, sharing: sharing)
        let right = MovieBlock.make(capacity: capacities.1)
        right.append(contentsOf: self, position..<count, sharing: sharing)
        if !sharing { forgetMovedMovies() }
        return (left, right)
    }

    /// Appends all of `other`'s movies, sharing them.
    func append(contentsOf other: MovieBlock) {
        append(contentsOf: other, 0..<other.count, sharing: true)
    }

    /// Appends `other[range]`, retaining the movies if `sharing` and otherwise
    /// moving them out of `other`, which must then forget every movie it held.
    private func append(contentsOf other: MovieBlock, _ range: Range<Int>, sharing: Bool) {
        precondition(count + range.count <= reservedCount, "appended past the end of a block")
        withUnsafeMutablePointers { header, movies in
            other.withUnsafeMutablePointerToElements { source in
                let destination = movies + header.pointee.count
                if sharing {
                    destination.initialize(from: source + range.lowerBound, count: range.count)
                } else {
                    destination.moveInitialize(from: source + range.lowerBound, count: range.count)
                }
            }
            header.pointee.count += range.count
        }
    }

    /// Marks every movie as moved out, so that deinit releases none of them.
    private func forgetMovedMovies() {
        withUnsafeMutablePointerToHeader { $0.pointee.count = 0 }
    }
}

@usableFromInline struct MovieBlockHeader {
    @usableFromInline var count: Int
    @usableFromInline let reservedCount: Int
}
