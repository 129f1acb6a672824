import Foundation

/// An import's progress on standard error: how many movies, how fast, how long still.
///
/// On a terminal it is one line redrawn in place (`\r`) at most four times a
/// second, and wiped before anything else is written to standard error;
/// elsewhere (`--progress` into a pipe or a file) it is a plain line every
/// few seconds.
final class ProgressLine {
    static let terminalInterval: Duration = .milliseconds(250)
    static let plainInterval: Duration = .seconds(2)

    private let console: Console
    private let inPlace: Bool
    private let interval: Duration
    /// When the line was last drawn; at first, when it was made, so nothing shows for a quick import.
    private var lastDrawn: ContinuousClock.Instant
    /// Whether a line is on the terminal now.
    private var showing = false

    /// A progress line when standard error is a terminal or `forced`; nil otherwise.
    init?(console: Console, forced: Bool) {
        guard console.errIsTerminal || forced else { return nil }
        self.console = console
        inPlace = console.errIsTerminal
        interval = inPlace ? Self.terminalInterval : Self.plainInterval
        lastDrawn = .now
    }

    /// When the line should next be drawn, for the poll loop's timeout.
    var nextDraw: ContinuousClock.Instant {
        lastDrawn + interval
    }

    /// Reading a file before sending it: `reading FILE: 45%`.
    func reading(_ path: String, fraction: Double, now: ContinuousClock.Instant = .now) {
        draw("reading \(path): \(Self.percent(fraction))", now: now)
    }

    /// Sending: `imported 45000 movies, 45%, 31200/s, 2 s left`.
    ///
    /// `done` is what the slowest server has answered; `fraction` is how far
    /// through the whole import that is, when known; rates count from `started`.
    func importing(done: Int, fraction: Double?, started: ContinuousClock.Instant, now: ContinuousClock.Instant = .now) {
        let seconds = (now - started).milliseconds / 1000
        var parts = ["imported \(done) \(done == 1 ? "movie" : "movies")"]
        if let fraction { parts.append(Self.percent(fraction)) }
        if seconds > 0 { parts.append("\(Int((Double(done) / seconds).rounded()))/s") }
        if let fraction, fraction > 0, fraction < 1, seconds > 0 {
            parts.append(Self.duration(seconds * (1 - fraction) / fraction) + " left")
        }
        draw(parts.joined(separator: ", "), now: now)
    }

    /// Wipes the line off the terminal, so that what follows starts on a clean line; returns whether there was one.
    @discardableResult
    func clear() -> Bool {
        guard showing else { return false }
        console.errRaw("\r\u{1B}[K")
        showing = false
        return true
    }

    private func draw(_ text: String, now: ContinuousClock.Instant) {
        guard now - lastDrawn >= interval else { return }
        lastDrawn = now
        if inPlace {
            console.errRaw("\r\u{1B}[K" + text)
            showing = true
        } else {
            console.err(text)
        }
    }

    static func percent(_ fraction: Double) -> String {
        "\(Int((min(max(fraction, 0), 1) * 100).rounded(.down)))%"
    }

    /// `42 s`, `3 min 05 s`, `1 h 02 min`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return String(format: "%d min %02d s", whole / 60, whole % 60) }
        return String(format: "%d h %02d min", whole / 3600, whole % 3600 / 60)
    }
}
