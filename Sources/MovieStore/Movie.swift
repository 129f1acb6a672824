/// One catalogue entry: its prebuilt `GET` response line and its key, in a
/// single immutable heap object.
///
/// The bytes are laid out as `OK <display title> | <info>\n<key>`, so the
/// server can copy the response line straight into an output buffer. Editing a
/// movie makes a new object; nothing ever changes one, which is what lets a
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
        make(display: old.displayTitle, key: old.key, info: info.bytes)
    }

    /// Builds a movie from its parts as stored; the caller checks them against `MovieLimits`.
    static func make(
        display: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer, info: UnsafeRawBufferPointer
    ) -> Movie {
        let layout = MovieLayout(titleCount: display.count, infoCount: info.count, keyCount: key.count)
        let buffer = create(minimumCapacity: layout.lineCount + key.count) { _ in layout }
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
            append("OK ")
            append(display)
            append(" | ")
            append(info)
            append("\n")
            append(key)
        }
        return movie
    }

    @inlinable var bytes: UnsafeMutablePointer<UInt8> {
        withUnsafeMutablePointerToElements { $0 }
    }

    // Read through a pointer: `ManagedBuffer.header` is a stored class
    // property, so reading it directly costs a runtime exclusivity check.
    @inlinable var layout: MovieLayout {
        withUnsafeMutablePointerToHeader { $0.pointee }
    }

    /// The complete `GET` response: `OK <display title> | <info>` and a line feed.
    @inlinable public var getResponseLine: UnsafeRawBufferPointer {
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

    /// The lowercased display title: what the catalogue indexes and sorts by.
    @inlinable public var key: UnsafeRawBufferPointer {
        let layout = layout
        return UnsafeRawBufferPointer(start: bytes + layout.lineCount, count: layout.keyCount)
    }

    /// `getResponseLine` as a string, line feed included.
    public var getResponseLineString: String { String(decoding: getResponseLine, as: UTF8.self) }

    /// `displayTitle` as a string.
    public var displayTitleString: String { String(decoding: displayTitle, as: UTF8.self) }

    /// `info` as a string.
    public var infoString: String { String(decoding: info, as: UTF8.self) }

    /// `key` as a string.
    public var keyString: String { String(decoding: key, as: UTF8.self) }
}

/// Where each part of a `Movie`'s bytes lies; opaque outside this module.
///
/// The three lengths are packed into one 32-bit word (9 bits of title, 13 of
/// info, 10 of key) because the object's size decides its malloc size class:
/// a 16-byte title with 60 bytes of info fits the 128-byte class only if the
/// header stays this small.
public struct MovieLayout: Sendable {
    @usableFromInline let packed: UInt32

    init(titleCount: Int, infoCount: Int, keyCount: Int) {
        precondition(titleCount <= MovieLimits.maximumTitleBytes, "title longer than the normaliser allows")
        precondition(infoCount <= MovieLimits.maximumInfoBytes, "info longer than trimming allows")
        precondition(keyCount <= MovieLimits.maximumKeyBytes, "key longer than the normaliser allows")
        packed = UInt32(titleCount) | UInt32(infoCount) << 9 | UInt32(keyCount) << 22
    }

    /// Bytes before the title: `OK `.
    @inlinable static var titleOffset: Int { 3 }

    @inlinable var titleCount: Int { Int(packed & 0x1ff) }
    @inlinable var infoCount: Int { Int(packed >> 9 & 0x1fff) }
    @inlinable var keyCount: Int { Int(packed >> 22) }

    /// Bytes before the info: `OK `, the title and ` | `.
    @inlinable var infoOffset: Int { Self.titleOffset + titleCount + 3 }

    /// The response line's length, line feed included.
    @inlinable var lineCount: Int { infoOffset + infoCount + 1 }
}
