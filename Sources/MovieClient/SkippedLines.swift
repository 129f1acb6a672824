/// Lines of the file that cannot be imported: each told on standard error as
/// `FILE:LINE: reason`, and counted.
///
/// Past `maximumListed` they are only counted, so a file in the wrong format
/// does not bury the terminal under millions of the same complaint.
final class SkippedLines {
    static let maximumListed = 1000

    let path: String
    private(set) var count = 0
    private let tell: (String) -> Void

    /// `tell` prints one line on standard error.
    init(path: String, tell: @escaping (String) -> Void) {
        self.path = path
        self.tell = tell
    }

    func skip(line: Int, _ reason: String) {
        count += 1
        if count <= Self.maximumListed { tell("\(path):\(line): \(reason)") }
    }

    /// Says how many skipped lines went unlisted, if any did.
    func finish() {
        let unlisted = count - Self.maximumListed
        if unlisted > 0 { tell("\(path): \(unlisted) more skipped \(unlisted == 1 ? "line" : "lines") not listed") }
    }
}
