import ArgumentParser
import Reactor

@main
struct EchoClient: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "echo-client",
        abstract: "Sends each line to echo-server and prints its reply.",
        discussion: "Lines are the arguments, or standard input when there are none."
    )

    @Option(help: "Port of the server.") var port = 7090
    @Option(help: "Host of the server.") var host = "127.0.0.1"
    @Argument(help: "Lines to send.") var lines: [String] = []

    func run() throws {
        let client = try RequestClient(host: host, port: port, framing: OneLineReplies())
        defer { client.close() }
        let requests = lines.isEmpty ? AnySequence { AnyIterator { readLine() } } : AnySequence(lines)
        for line in requests {
            print(try client.request(line), terminator: "")
        }
    }
}
