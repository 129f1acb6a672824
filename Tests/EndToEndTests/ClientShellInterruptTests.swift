import Glibc
import Testing
import TestSupport

/// Ctrl-C in the shell comes back to the prompt; Ctrl-D still leaves.
@Suite("movie client: Ctrl-C in the shell")
struct ClientShellInterruptTests {
    static let prompt = "movie> "

    @Test func ctrlCAtThePromptShowsTheNextPromptAndTheShellGoesOn() throws {
        let server = try ServerProcess()
        let shell = try ClientPseudoTerminal(ClientHarness.arguments([server], []))
        #expect(shell.wait { $0.hasSuffix(Self.prompt) }, "\(shell.text)")
        shell.type("get hea")
        #expect(shell.wait { $0.hasSuffix("get hea") })
        shell.signal(SIGINT)
        #expect(shell.wait { $0.components(separatedBy: Self.prompt).count == 3 }, "\(shell.text)")
        #expect(shell.isRunning)
        // The half-typed line was dropped: what comes next is a command of its own.
        shell.type("count\n")
        #expect(shell.wait { $0.contains("127.0.0.1:\(server.port)  ") && $0.hasSuffix(Self.prompt) }, "\(shell.text)")
        #expect(!shell.text.contains("unknown command"), "\(shell.text)")
        shell.type("\u{4}")
        #expect(shell.waitForExit() == 0)
    }

    @Test func ctrlCAbandonsACommandWaitingOnASilentServer() throws {
        let silent = SilentListener()
        let shell = try ClientPseudoTerminal(["--server", "127.0.0.1:\(silent.port)", "--timeout", "30"])
        #expect(shell.wait { $0.hasSuffix(Self.prompt) })
        shell.type("get heat\n")
        #expect(shell.wait { $0.hasSuffix("get heat\r\n") })
        usleep(200_000)
        let interrupted = ContinuousClock.now
        shell.signal(SIGINT)
        #expect(shell.wait { $0.contains("movie: interrupted") && $0.hasSuffix(Self.prompt) }, "\(shell.text)")
        #expect(ContinuousClock.now - interrupted < .seconds(5), "long before the 30 s timeout")
        shell.type("quit\n")
        #expect(shell.waitForExit() == 0)
    }

    @Test func ctrlCEndsWatchAndTheShellGoesOn() throws {
        let server = try ServerProcess()
        let shell = try ClientPseudoTerminal(ClientHarness.arguments([server], []))
        #expect(shell.wait { $0.hasSuffix(Self.prompt) })
        shell.type("watch\n")
        #expect(shell.wait { $0.contains("watching (Ctrl-C stops)") }, "\(shell.text)")
        #expect(try ClientHarness.request(server, "PUT Watched In Shell | x") == "OK added Watched In Shell")
        #expect(shell.wait { $0.contains("127.0.0.1:\(server.port)  added Watched In Shell") }, "\(shell.text)")
        shell.signal(SIGINT)
        #expect(shell.wait { $0.hasSuffix(Self.prompt) && $0.components(separatedBy: Self.prompt).count == 3 }, "\(shell.text)")
        #expect(shell.isRunning)
        // A second Ctrl-C, at the prompt, still does not end the shell.
        shell.signal(SIGINT)
        #expect(shell.wait { $0.components(separatedBy: Self.prompt).count == 4 }, "\(shell.text)")
        shell.type("quit\n")
        #expect(shell.waitForExit() == 0)
    }
}
