@testable import MovieClient
import Testing

/// The import's progress line: in place on a terminal, plain lines when forced elsewhere, never too often.
@Suite("import: progress line")
struct ProgressLineTests {
    /// A console that records what goes to standard error, raw writes and lines alike.
    static func recording(terminal: Bool) -> (Console, Shared<[String]>) {
        let written = Shared<[String]>([])
        let console = Console(
            out: { _ in },
            err: { line in written.withLock { $0.append(line + "\n") } },
            errRaw: { text in written.withLock { $0.append(text) } },
            errIsTerminal: terminal
        )
        return (console, written)
    }

    @Test func nothingIsShownOnAPipeUnlessForced() {
        let (console, _) = Self.recording(terminal: false)
        #expect(ProgressLine(console: console, forced: false) == nil)
        #expect(ProgressLine(console: console, forced: true) != nil)
    }

    @Test func onATerminalTheLineIsRedrawnInPlaceAtMostFourTimesASecond() throws {
        let (console, written) = Self.recording(terminal: true)
        let started = ContinuousClock.now
        let progress = try #require(ProgressLine(console: console, forced: false))
        progress.importing(done: 10, fraction: 0.01, started: started, now: started + .milliseconds(100))
        #expect(written.withLock { $0 }.isEmpty, "nothing in the first quarter second")
        progress.importing(done: 45000, fraction: 0.45, started: started, now: started + .seconds(2))
        progress.importing(done: 46000, fraction: 0.46, started: started, now: started + .milliseconds(2100))
        progress.clear()
        progress.clear()
        #expect(written.withLock { $0 } == ["\r\u{1B}[Kimported 45000 movies, 45%, 22500/s, 3 s left", "\r\u{1B}[K"])
    }

    @Test func elsewhereItIsAPlainLineEveryTwoSeconds() throws {
        let (console, written) = Self.recording(terminal: false)
        let started = ContinuousClock.now
        let progress = try #require(ProgressLine(console: console, forced: true))
        progress.reading("title.basics.tsv.gz", fraction: 0.5, now: started + .seconds(1))
        progress.reading("title.basics.tsv.gz", fraction: 0.5, now: started + .seconds(3))
        progress.importing(done: 1, fraction: nil, started: started, now: started + .seconds(4))
        progress.importing(done: 7, fraction: nil, started: started + .seconds(3), now: started + .seconds(6))
        progress.clear()
        #expect(written.withLock { $0 } == ["reading title.basics.tsv.gz: 50%\n", "imported 7 movies, 2/s\n"])
    }

    @Test(arguments: [(0.2, "1 s"), (59.0, "59 s"), (185.0, "3 min 05 s"), (7440.0, "2 h 04 min")])
    func timeLeftReadsNaturally(seconds: Double, text: String) {
        #expect(ProgressLine.duration(seconds) == text)
    }
}
