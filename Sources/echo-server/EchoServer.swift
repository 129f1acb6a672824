import ArgumentParser
import Reactor

/// The protocol object: every line comes back uppercased; QUIT says BYE and closes.
final class UppercaseEcho: ConnectionHandler {
    func makeSession() {}

    func handle(line: UnsafeRawBufferPointer, on connection: Connection<UppercaseEcho>) -> RequestOutcome {
        if line.elementsEqual("QUIT".utf8) {
            connection.output.append("BYE\n" as StaticString)
            return .closeAfterAnswer
        }
        for byte in line { connection.output.append(byte: (0x61...0x7A).contains(byte) ? byte - 0x20 : byte) }
        connection.output.append(byte: 0x0A)
        return .answered
    }

    func answerOverlongLine(on connection: Connection<UppercaseEcho>) {
        connection.output.append("ERR line too long\n" as StaticString)
    }

    var busyResponse: [UInt8] { Array("ERR busy\n".utf8) }
}

@main
struct EchoServer: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "echo-server", abstract: "Uppercase echo on any server model of the Reactor library.")

    @Option(help: "reactor, threaded, iterative or one-shot.") var model = ServerModel.reactor
    @Option(help: "Port to listen on; 0 picks a free one.") var port = 7090
    @Option(help: "Address to listen on.") var host = "127.0.0.1"

    func run() throws {
        let listener = try ListeningSocket(host: host, ports: [port])
        let server = try model.makeServer(handler: UppercaseEcho(), listener: listener, handlingSignals: true)
        server.loop.logger.info("\(model.rawValue) server listening on \(listener.displayAddress)")
        try server.serve()
    }
}

extension ServerModel: ExpressibleByArgument {}
