import Glibc
import Primitives

/// The shell's input, read a line at a time so that Ctrl-C can abandon the line being typed.
///
/// `readLine` would sit in `read(2)` straight through a caught signal (the
/// call is restarted); this polls the input together with the interrupt
/// descriptor instead, and reads only when the input has something.
public final class ShellLineReader {
    /// What came next.
    public enum Next: Equatable, Sendable {
        /// A line, without its LF (or CR LF).
        case line(String)
        /// Ctrl-C: whatever was typed but not yet run is dropped.
        case interrupted
        /// End of input (Ctrl-D on an empty line).
        case end
    }

    private let input: Int32
    private let interruptDescriptor: Int32
    private var pending: [UInt8] = []
    private var atEnd = false

    /// `interruptDescriptor` must be non-blocking, as `Interrupts`' is.
    public init(input: Int32, interruptDescriptor: Int32) {
        self.input = input
        self.interruptDescriptor = interruptDescriptor
    }

    /// Waits for the next line, an interrupt or the end of input.
    public func next() -> Next {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                var line = pending[..<newline]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                let text = String(decoding: line, as: UTF8.self)
                pending.removeSubrange(...newline)
                return .line(text)
            }
            if atEnd {
                // A last line without its LF still counts, as with `readLine`.
                guard !pending.isEmpty else { return .end }
                defer { pending.removeAll() }
                return .line(String(decoding: pending, as: UTF8.self))
            }
            switch waitForInput() {
            case .interrupted:
                drainInterrupts()
                // As the terminal itself does on Ctrl-C, input typed ahead is dropped too.
                pending.removeAll()
                return .interrupted
            case .readable:
                readAvailable()
            }
        }
    }

    private enum Wakeup {
        case readable
        case interrupted
    }

    private func waitForInput() -> Wakeup {
        var descriptors = [
            pollfd(fd: interruptDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: input, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            let ready = poll(&descriptors, nfds_t(descriptors.count), -1)
            if ready < 0 {
                // A signal's handler ran (its byte is in the pipe now); anything else is as good as an end.
                if errno == EINTR { continue }
                return .readable
            }
            if descriptors[0].revents != 0 { return .interrupted }
            if descriptors[1].revents != 0 { return .readable }
        }
    }

    /// Takes every pending interrupt at once: several presses of Ctrl-C are one.
    private func drainInterrupts() {
        var bytes = [UInt8](repeating: 0, count: 64)
        while read(interruptDescriptor, &bytes, bytes.count) > 0 {}
    }

    private func readAvailable() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let result = retryingInterrupts { buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) } }
        switch result {
        case .success(let count) where count > 0:
            pending.append(contentsOf: buffer[..<count])
        case .failure(.wouldBlock):
            // Input another process made non-blocking: poll again.
            break
        default:
            atEnd = true
        }
    }
}
