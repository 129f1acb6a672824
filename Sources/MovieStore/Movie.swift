import MovieRules

/// One catalogue entry: its prebuilt movie line and its key, in a single
/// immutable heap object.
///
/// The bytes are laid out as `<display title> | <info><key>`: the movie line
/// (`MovieLine`) that a `GET` answer carries, which the server copies straight
/// into an output buffer, framed as the protocol's encoder says.
///
/// The key is stored only when it is not simply the display title with A-Z
/// lowercased (when the title has non-ASCII capitals, say). Leaving it out
/// moves a movie with a 19-byte title and 60 bytes of info from malloc's
/// 144-byte size class to the 128-byte one; such keys are folded from the
/// display title as they are read.
///
/// Editing a movie makes a new object; nothing ever changes one, which is what lets a
/// snapshot share movies with the live catalogue.
///
/// The raw accessors return pointers into the object. They stay valid while the
/// movie is alive, so hold a reference (or use `withExtendedLifetime`) for as
/// long as the pointer is used.
public final class Movie: ManagedBuffer<MovieLayout, UInt8> {
    /// Builds a movie from a title that `TitleNormalizer` produced and trimmed info.
    static func make(title: NormalizedTitle, info: MovieInfo) -> Movie {
        make(display: title.display, key: title.key, info: info.bytes)
    }

    /// Builds a movie that keeps `old`'s display title and key with new info.
    static func make(editing old: Movie, info: MovieInfo) -> Movie {
        old.withKey { key in make(display: old.displayTitle, key: key, info: info.bytes) }
    }

    /// Builds a movie from its parts as stored; the caller checks them against `MovieLimits`.
    static func make(
        display: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer, info: UnsafeRawBufferPointer
    ) -> Movie {
        let derived = ByteComparison.equalToASCIILowercase(key, of: display)
        let storedKey = derived ? UnsafeRawBufferPointer(start: nil, count: 0) : key
        let layout = MovieLayout(titleCount: display.count, infoCount: info.count, keyCount: storedKey.count)
        let buffer = create(minimumCapacity: layout.lineCount + storedKey.count) { _ in layout }
        let movie = unsafeDowncast(buffer, to: Movie.self)
        movie.withUnsafeMutablePointerToElements { start in
            var cursor = UnsafeMutableRawPointer(start)
            func append(_ bytes: UnsafeRawBufferPointer) {
                if let source = bytes.baseAddress { cursor.copyMemory(from: source, byteCount: bytes.count) }
                cursor += bytes.count
            }
            func append(_ text: StaticString) {
                append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
            }
            append(display)
            append(MovieLine.separator)
            append(info)
            append(storedKey)
        }
        return movie
    }

    @inlinable var bytes: UnsafeMutablePointer<UInt8> {
        withUnsafeMutablePointerToElements { $0 }
    }

    // Read through a pointer: `ManagedBuffer.header` is a stored class
    // property, so reading it directly costs a run-time exclusivity check in builds that keep them.
    @inlinable var layout: MovieLayout {
        withUnsafeMutablePointerToHeader { $0.pointee }
    }

    /// The movie line, `<display title> | <info>`: what a `GET` answer carries.
    @inlinable public var line: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: bytes, count: layout.lineCount)
    }

    /// The title as first added, normalised but not lowercased.
    @inlinable public var displayTitle: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: bytes + MovieLayout.titleOffset, count: layout.titleCount)
    }

    /// The trimmed info; it may be empty.
    @inlinable public var info: UnsafeRawBufferPointer {
        let layout = layout
        return UnsafeRawBufferPointer(start: bytes + layout.infoOffset, count: layout.infoCount)
    }

    /// The key's bytes if stored; nil when the key is the display title with
    /// A-Z lowercased, which is how the snapshot and journal formats store it too.
    var storedKey: UnsafeRawBufferPointer? {
        let layout = layout
        guard layout.keyCount != 0 else { return nil }
        return UnsafeRawBufferPointer(start: bytes + layout.lineCount, count: layout.keyCount)
    }

    /// Whether this movie's key is `key`; never allocates.
    ///
    /// The hash index's probe: a derived key is compared by folding the display
    /// title eight bytes at a time, about as fast as comparing stored bytes.
    @inlinable func hasKey(_ key: UnsafeRawBufferPointer) -> Bool {
        let layout = layout
        guard layout.keyCount != 0 else { return ByteComparison.equalToASCIILowercase(key, of: displayTitle) }
        return ByteComparison.equal(UnsafeRawBufferPointer(start: bytes + layout.lineCount, count: layout.keyCount), key)
    }

    /// A negative number, zero or a positive number as this movie's key sorts
    /// before, with or after `key`; never allocates, and folds a derived key as
    /// it reads it, as `hasKey` does.
    @inlinable func compareKey(with key: UnsafeRawBufferPointer) -> Int {
        let layout = layout
        guard layout.keyCount != 0 else { return ByteComparison.compare(asciiLowercaseOf: displayTitle, key) }
        return ByteComparison.compare(UnsafeRawBufferPointer(start: bytes + layout.lineCount, count: layout.keyCount), key)
    }

    /// Calls `body` with the key: the lowercased display title, what the
    /// catalogue indexes and sorts by.
    ///
    /// A derived key is folded into stack scratch space, so this never
    /// allocates; the bytes are valid only inside `body`.
    @inlinable public func withKey<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        let layout = layout
        if layout.keyCount != 0 {
            return try body(UnsafeRawBufferPointer(start: bytes + layout.lineCount, count: layout.keyCount))
        }
        let display = displayTitle
        return try withUnsafeTemporaryAllocation(byteCount: display.count, alignment: 1) { scratch in
            for offset in 0..<display.count { scratch[offset] = ASCIIFolding.lowercased(display[offset]) }
            return try body(UnsafeRawBufferPointer(scratch))
        }
    }

    /// `displayTitle` as a string, for messages.
    public var displayTitleString: String { String(decoding: displayTitle, as: UTF8.self) }
}

/// Where each part of a `Movie`'s bytes lies; opaque outside this module.
///
/// The three lengths are packed into one 32-bit word (9 bits of title, 13 of
/// info, 10 of stored key, 0 when the key is derived) because the object's size decides its malloc size class:
/// a 16-byte title with 60 bytes of info fits the 112-byte class only if the
/// header stays this small.
public struct MovieLayout: Sendable {
    @usableFromInline let packed: UInt32

    init(titleCount: Int, infoCount: Int, keyCount: Int) {
        precondition(titleCount <= MovieLimits.maximumTitleBytes, "title longer than the normaliser allows")
        precondition(infoCount <= MovieLimits.maximumInfoBytes, "info longer than trimming allows")
        precondition(keyCount <= MovieLimits.maximumKeyBytes, "key longer than the normaliser allows")
        packed = UInt32(titleCount) | UInt32(infoCount) << 9 | UInt32(keyCount) << 22
    }

    /// Bytes before the title: none, the line starts with it.
    @inlinable static var titleOffset: Int { 0 }

    @inlinable var titleCount: Int { Int(packed & 0x1ff) }
    @inlinable var infoCount: Int { Int(packed >> 9 & 0x1fff) }
    @inlinable var keyCount: Int { Int(packed >> 22) }

    /// Bytes before the info: the title and the separator.
    @inlinable var infoOffset: Int { Self.titleOffset + titleCount + MovieLine.separator.utf8CodeUnitCount }

    /// The movie line's length.
    @inlinable var lineCount: Int { infoOffset + infoCount }
}
