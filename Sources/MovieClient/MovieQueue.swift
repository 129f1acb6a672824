import MovieProtocol
import Primitives

/// The movies on their way to the servers, numbered in file order from 0,
/// held as their `PUT` request lines back to back in one buffer.
///
/// Every server takes them in order at its own pace; a movie is dropped once
/// every server still importing has answered it, so what is held is bounded
/// by how far the fastest server is ahead of the slowest. Keeping the lines
/// contiguous lets a connection take a whole window of them with one copy.
final class MovieQueue {
    private let bytes = ByteBuffer()
    /// Where each held movie's line starts, counting every byte ever queued.
    private var starts: [Int] = []
    /// `starts[head]` belongs to movie `first`.
    private var head = 0
    /// The number of the first movie held.
    private(set) var first = 0
    /// How many bytes were dropped: the offset of the first byte `bytes` holds.
    private var droppedBytes = 0

    /// One past the number of the last movie queued: the count of movies queued so far.
    var end: Int { first + count }

    /// How many movies are held.
    var count: Int { starts.count - head }

    /// Queues `PUT <title> | <info>`; nothing is queued when it cannot be sent.
    func appendPut(title: UnsafeRawBufferPointer, info: UnsafeRawBufferPointer) throws(RequestBuildError) {
        let start = droppedBytes + bytes.readableCount
        // `appendRequest` checks everything before it writes a byte.
        try bytes.appendRequest(.put, title: title, info: info)
        starts.append(start)
    }

    /// Queues `PUT <title> | <info>`; nothing is queued when it cannot be sent.
    func appendPut(title: String, info: String) throws(RequestBuildError) {
        var title = title
        var info = info
        let result = title.withUTF8 { title in
            info.withUTF8 { info in
                Result { () throws(RequestBuildError) in
                    try appendPut(title: UnsafeRawBufferPointer(title), info: UnsafeRawBufferPointer(info))
                }
            }
        }
        try result.get()
    }

    /// Appends the request lines of movies `range`, which must be held, to `output`.
    func copyRequests(_ range: Range<Int>, to output: ByteBuffer) {
        guard !range.isEmpty else { return }
        let start = offset(of: range.lowerBound)
        let end = range.upperBound == self.end ? bytes.readableCount : offset(of: range.upperBound)
        output.append(UnsafeRawBufferPointer(rebasing: bytes.readableBytes[start..<end]))
    }

    /// Drops every movie numbered below `number`.
    func drop(below number: Int) {
        let dropped = min(max(number - first, 0), count)
        guard dropped > 0 else { return }
        let byteCount = dropped == count ? bytes.readableCount : offset(of: first + dropped)
        bytes.consume(byteCount)
        droppedBytes += byteCount
        head += dropped
        first += dropped
        // Compact only when most of the storage is spent, so each start is moved at most once or twice.
        if head > 4096 && head > starts.count / 2 {
            starts.removeFirst(head)
            head = 0
        }
    }

    /// Where movie `number`'s line starts in `bytes.readableBytes`.
    private func offset(of number: Int) -> Int {
        starts[head + number - first] - droppedBytes
    }
}
