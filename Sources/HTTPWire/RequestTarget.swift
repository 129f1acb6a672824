import Primitives

/// A request target split into its path and query, still percent-encoded.
public struct RequestTarget {
    public let path: UnsafeRawBufferPointer
    /// What follows `?`, empty when there is none.
    public let query: UnsafeRawBufferPointer

    public init(_ target: UnsafeRawBufferPointer) {
        if let mark = target.firstIndex(of: UInt8(ascii: "?")) {
            path = UnsafeRawBufferPointer(rebasing: target[..<mark])
            query = UnsafeRawBufferPointer(rebasing: target[(mark + 1)...])
        } else {
            path = target
            query = UnsafeRawBufferPointer(start: target.baseAddress, count: 0)
        }
    }

    /// Whether the path is exactly `text`.
    public func pathIs(_ text: StaticString) -> Bool { path.matches(text) }

    /// The rest of the path after `prefix`, if the path starts with it.
    public func path(after prefix: StaticString) -> UnsafeRawBufferPointer? {
        guard path.hasPrefix(prefix) else { return nil }
        return UnsafeRawBufferPointer(rebasing: path[prefix.utf8CodeUnitCount...])
    }

    /// Calls `visit` with each `name=value` of the query, both still encoded; a
    /// parameter without `=` has an empty value.
    public func forEachQueryParameter(_ visit: (_ name: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) -> Void) {
        var start = 0
        while start < query.count {
            var end = start
            while end < query.count, query[end] != UInt8(ascii: "&") { end += 1 }
            let pair = UnsafeRawBufferPointer(rebasing: query[start..<end])
            if !pair.isEmpty {
                if let equals = pair.firstIndex(of: UInt8(ascii: "=")) {
                    visit(UnsafeRawBufferPointer(rebasing: pair[..<equals]), UnsafeRawBufferPointer(rebasing: pair[(equals + 1)...]))
                } else {
                    visit(pair, UnsafeRawBufferPointer(rebasing: pair[pair.count...]))
                }
            }
            start = end + 1
        }
    }
}
