/// The movies on their way to the servers, numbered in file order from 0.
///
/// Every server takes them in order at its own pace; a movie is dropped once
/// every server still importing has answered it, so what is held is bounded
/// by how far the fastest server is ahead of the slowest.
struct MovieQueue {
    private var requests: [[UInt8]] = []
    /// The number of the movie at `requests[head]`.
    private(set) var first = 0
    private var head = 0

    /// One past the number of the last movie queued: the count of movies queued so far.
    var end: Int { first + requests.count - head }

    /// How many movies are held.
    var count: Int { requests.count - head }

    /// The request of movie `number`, which must be held.
    func request(_ number: Int) -> [UInt8] {
        requests[head + number - first]
    }

    mutating func append(_ request: [UInt8]) {
        requests.append(request)
    }

    /// Drops every movie numbered below `number`.
    mutating func drop(below number: Int) {
        let dropped = min(max(number - first, 0), count)
        head += dropped
        first += dropped
        // Compact only when most of the storage is spent, so each movie is moved at most once or twice.
        if head > 4096 && head > requests.count / 2 {
            requests.removeFirst(head)
            head = 0
        }
    }
}
