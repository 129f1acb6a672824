import Glibc
import Primitives
import MovieClient

/// The process's own output, written straight to descriptors 1 and 2 with no
/// buffering, so `watch` and the shell show each line as it happens even when
/// writing into a pipe.
enum StandardStreams {
    static let console = Console(
        out: { line in write(STDOUT_FILENO, line + "\n") },
        err: { line in write(STDERR_FILENO, line + "\n") },
        errRaw: { text in write(STDERR_FILENO, text) },
        errIsTerminal: isatty(STDERR_FILENO) == 1
    )

    /// Whether standard input is a terminal: the shell prompts only then.
    static var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Writes all of `text`, retrying short writes and interrupted calls.
    static func write(_ descriptor: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let result = retryingInterrupts { bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) } }
            guard case .success(let count) = result, count > 0 else { return }
            bytes = bytes.dropFirst(count)
        }
    }
}
