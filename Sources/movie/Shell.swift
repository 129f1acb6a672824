import Glibc
import MovieClient

/// The interactive shell: the command list first, then one command a line until `quit` or Ctrl-D.
///
/// The prompt is shown only when standard input is a terminal, so a script
/// piping commands in gets nothing but the answers.
struct Shell {
    let client: Client

    func run() -> ExitStatus {
        let console = client.console
        let interactive = StandardStreams.inputIsTerminal
        if !client.settings.json { showHelp(console, greeting: true) }
        while true {
            if interactive { StandardStreams.write(STDOUT_FILENO, "movie> ") }
            guard let line = readLine(strippingNewline: true) else {
                if interactive { console.out("") }
                return .success
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
        }
    }

    private func showHelp(_ console: Console, greeting: Bool) {
        if greeting { console.out("movie shell: each command asks every server at once. Commands:") }
        Action.helpText.forEach(console.out)
        console.out("Quote words with spaces (add \"Heat\" \"1995; Michael Mann\") or split at a bar (add Heat | 1995; Michael Mann).")
    }
}
