import Foundation
import Glibc
import MovieClient
import Synchronization
import Testing

/// The shell's input: lines, Ctrl-C dropping what was typed, Ctrl-D ending it.
@Suite("shell input and Ctrl-C", .serialized)
struct ShellLineReaderTests {
    /// A pipe standing in for standard input, and one standing in for the interrupt descriptor.
    final class Pipes: Sendable {
        let input: [Int32]
        let interrupt: [Int32]
        /// Closing twice could close a descriptor number another test has been given since.
        private let inputClosed = Atomic(false)

        init() {
            var input: [Int32] = [-1, -1]
            var interrupt: [Int32] = [-1, -1]
            _ = pipe(&input)
            _ = pipe(&interrupt)
            for end in interrupt { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
            self.input = input
            self.interrupt = interrupt
        }

        deinit {
            closeInput()
            [input[0], interrupt[0], interrupt[1]].forEach { close($0) }
        }

        func type(_ text: String) { _ = text.withCString { write(input[1], $0, strlen($0)) } }

        func pressCtrlC() {
            var byte: UInt8 = 1
            _ = write(interrupt[1], &byte, 1)
        }

        func closeInput() {
            if !inputClosed.exchange(true, ordering: .relaxed) { close(input[1]) }
        }
    }

    @Test func linesComeOneAtATimeAndALastLineNeedsNoLF() {
        let pipes = Pipes()
        let reader = ShellLineReader(input: pipes.input[0], interruptDescriptor: pipes.interrupt[0])
        pipes.type("get heat\r\ncount\nlast")
        pipes.closeInput()
        #expect(reader.next() == .line("get heat"))
        #expect(reader.next() == .line("count"))
        #expect(reader.next() == .line("last"))
        #expect(reader.next() == .end)
    }

    @Test func ctrlCDropsTheLineBeingTypedAndReadingGoesOn() {
        let pipes = Pipes()
        let reader = ShellLineReader(input: pipes.input[0], interruptDescriptor: pipes.interrupt[0])
        pipes.type("get hea")
        // The reader has the half line before Ctrl-C comes.
        let waiting = Thread { usleep(100_000); pipes.pressCtrlC() }
        waiting.start()
        #expect(reader.next() == .interrupted)
        pipes.type("count\n")
        #expect(reader.next() == .line("count"))
        pipes.closeInput()
        #expect(reader.next() == .end)
    }

    @Test func ctrlCWhileWaitingAtThePromptIsReportedAtOnce() {
        let pipes = Pipes()
        let reader = ShellLineReader(input: pipes.input[0], interruptDescriptor: pipes.interrupt[0])
        pipes.pressCtrlC()
        pipes.pressCtrlC()
        #expect(reader.next() == .interrupted)
        // Both presses were taken at once: the next wait is for input.
        pipes.type("stats\n")
        #expect(reader.next() == .line("stats"))
    }

    @Test func aCaughtSignalMakesTheDescriptorReadableAndEndingGivesItBack() {
        let scope = Interrupts.catching([SIGUSR1])
        #expect(!Interrupts.arePending(on: scope.descriptor))
        raise(SIGUSR1)
        #expect(Interrupts.arePending(on: scope.descriptor))
        Interrupts.clear()
        #expect(!Interrupts.arePending(on: scope.descriptor))
        // Nested: the inner scope's end gives SIGUSR1 back to the outer one's handler, not the default.
        let inner = Interrupts.catching([SIGUSR1, SIGUSR2])
        inner.end()
        raise(SIGUSR1)
        #expect(Interrupts.arePending(on: scope.descriptor))
        scope.end()
        var action = sigaction()
        sigaction(SIGUSR1, nil, &action)
        #expect(action.__sigaction_handler.sa_handler == nil, "SIG_DFL once every scope has ended")
    }
}
