import Glibc
import MovieClient

/// The interactive shell: the command list first, then one command a line until `quit` or Ctrl-D.
///
/// The prompt is shown only when standard input is a terminal, so a script
/// piping commands in gets nothing but the answers. Ctrl-C abandons the line
/// being typed, or the command being run, and comes back to the prompt.
struct Shell {
    let client: Client

    func run() -> ExitStatus {
        let console = client.console
        let interactive = StandardStreams.inputIsTerminal
        let interrupts = Interrupts.catching([SIGINT])
        defer { interrupts.end() }
        var client = client
        client.interruptDescriptor = interrupts.descriptor
        let input = ShellLineReader(input: STDIN_FILENO, interruptDescriptor: interrupts.descriptor)
        if !client.settings.json { showHelp(console, greeting: true) }
        while true {
            if interactive { StandardStreams.write(STDOUT_FILENO, "movie> ") }
            let line: String
            switch input.next() {
            case .end:
                if interactive { console.out("") }
                return .success
            case .interrupted:
                // The terminal has echoed ^C; the next prompt goes on a line of its own.
                if interactive { console.out("") }
                continue
            case .line(let text):
                line = text
            }
            do {
                switch try ShellSyntax.parse(line) {
                case .empty: continue
                case .help: showHelp(console, greeting: false)
                case .quit: return .success
                case .action(let action): _ = client.run(action)
                }
            } catch {
                console.err("movie: \(error)")
            }
            // A Ctrl-C that ended the command, or came just as it finished, is spent.
            Interrupts.clear()
        }
    }

    private func showHelp(_ console: Console, greeting: Bool) {
        if greeting { console.out("movie shell: each command asks every server at once. Commands:") }
        Action.helpText.forEach(console.out)
        console.out("Quote words with spaces (add \"Heat\" \"1995; Michael Mann\") or split at a bar (add Heat | 1995; Michael Mann).")
        console.out("Ctrl-C abandons the line or the command; quit or Ctrl-D leaves.")
    }
}
