import Glibc

/// For end-to-end tests: `MOVIED_DELAY_JOURNAL_MS=<n>` in the environment makes
/// the journal writer wait n milliseconds before writing each batch, so a test
/// can act while writes are in flight, and kill the server before they reach
/// the kernel. Unset, it costs one comparison per batch.
enum JournalDelay {
    /// The delay, read once.
    static let milliseconds: Int = getenv("MOVIED_DELAY_JOURNAL_MS").flatMap { Int(String(cString: $0)) } ?? 0

    static func wait() {
        guard milliseconds > 0 else { return }
        usleep(useconds_t(min(milliseconds, 60_000)) * 1_000)
    }
}
