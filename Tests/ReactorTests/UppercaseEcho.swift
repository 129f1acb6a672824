import Primitives
import Reactor

/// The reactor's second protocol, the one its tests speak: every line comes back
/// uppercased. `SHOUT <text>` is heard by every other client, `LINES <n>` answers
/// with n numbered lines written a thousand at a time, `LATER <text>` is answered only
/// once some client says `RELEASE` (held: later lines are answered behind it),
/// `PARK <text>` likewise but pauses the connection (awaiting: later lines wait
/// unread), `QUIT` says BYE and closes.
final class UppercaseEcho: ConnectionHandler {
    struct Session {
        var linesLeft = 0
        var nextLine = 0
        /// Answers of `LATER` lines, oldest first, waiting for `RELEASE`.
        var heldAnswers: [String] = []
        /// The answer of a `PARK` line, waiting for `RELEASE`.
        var parkedAnswer: String?
    }

    private var everyone: [ObjectIdentifier: Connection<UppercaseEcho>] = [:]
    private var awaitingRelease: [Connection<UppercaseEcho>] = []
    private var parked: [Connection<UppercaseEcho>] = []

    func makeSession() -> Session { Session() }

    func connectionOpened(_ connection: Connection<UppercaseEcho>) {
        everyone[ObjectIdentifier(connection)] = connection
    }

    func connectionClosed(_ connection: Connection<UppercaseEcho>) {
        everyone[ObjectIdentifier(connection)] = nil
    }

    func handle(line: UnsafeRawBufferPointer, on connection: Connection<UppercaseEcho>) -> RequestOutcome {
        let text = String(decoding: line, as: UTF8.self)
        if text == "QUIT" {
            connection.output.append("BYE\n" as StaticString)
            return .closeAfterAnswer
        }
        if text.hasPrefix("SHOUT ") {
            let heard = Array("HEARD \(text.dropFirst(6))\n".utf8)
            for (_, other) in everyone where other !== connection {
                heard.withUnsafeBytes { other.push($0) }
            }
            connection.output.append("SHOUTED\n" as StaticString)
            return .answered
        }
        if text.hasPrefix("LATER ") {
            connection.session.heldAnswers.append(text.uppercased())
            connection.holdAnswer()
            awaitingRelease.append(connection)
            return .answered
        }
        if text.hasPrefix("PARK ") {
            connection.session.parkedAnswer = text.uppercased()
            parked.append(connection)
            return .awaiting
        }
        if text == "RELEASE" {
            releaseAll()
            connection.output.append("RELEASED\n" as StaticString)
            return .answered
        }
        if text.hasPrefix("LINES "), let count = Int(text.dropFirst(6)) {
            connection.output.append("LINES \(count)\n")
            connection.session = Session(linesLeft: count, nextLine: 0)
            return continueAnswer(on: connection)
        }
        for byte in line {
            connection.output.append(byte: (byte >= 0x61 && byte <= 0x7A) ? byte - 0x20 : byte)
        }
        connection.output.append(byte: 0x0A)
        return .answered
    }

    /// Lets every `LATER` and `PARK` answer go out.
    func releaseAll() {
        for waiting in awaitingRelease where !waiting.session.heldAnswers.isEmpty {
            let answer = waiting.session.heldAnswers.removeFirst()
            waiting.releaseOldestHeldAnswer { $0.append(answer + "\n") }
        }
        awaitingRelease.removeAll()
        for waiting in parked { waiting.resumeAnswer() }
        parked.removeAll()
    }

    func continueAnswer(on connection: Connection<UppercaseEcho>) -> RequestOutcome {
        if let parked = connection.session.parkedAnswer {
            connection.output.append(parked + "\n")
            connection.session.parkedAnswer = nil
            return .answered
        }
        let batch = min(1_000, connection.session.linesLeft)
        for _ in 0..<batch {
            connection.output.append("line ")
            connection.output.append(decimal: connection.session.nextLine)
            connection.output.append(byte: 0x0A)
            connection.session.nextLine += 1
        }
        connection.session.linesLeft -= batch
        return connection.session.linesLeft > 0 ? .answering : .answered
    }

    func answerOverlongLine(on connection: Connection<UppercaseEcho>) {
        connection.output.append("TOO LONG\n" as StaticString)
    }

    var busyResponse: [UInt8] { Array("BUSY\n".utf8) }
}
