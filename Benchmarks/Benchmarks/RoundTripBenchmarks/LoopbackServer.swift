import Dispatch
import Foundation
import Glibc
import Logging
import MovieServer

/// The real server, `MovieServer` (an `EventLoop<MovieHandler>` over its
/// catalogue), on 127.0.0.1 at a free port, on a thread of its own, with a
/// fresh data directory seeded from the synthetic catalogue.
///
/// Going through `MovieServer` rather than assembling the loop by hand keeps
/// the benchmark on exactly what `movied` runs, however the catalogue behind
/// the handler is opened.
final class LoopbackServer {
    let port: Int
    let httpPort: Int
    private let directory: URL
    private var thread = pthread_t()

    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    init(catalogueText: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("movied-benchmark-\(getpid())-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let seed = directory.appendingPathComponent("catalogue.txt")
        try Data(catalogueText.utf8).write(to: seed)
        var configuration = ServerConfiguration()
        configuration.ports = [0]
        configuration.httpPort = 0
        configuration.dataDirectory = directory.appendingPathComponent("data").path
        configuration.seedCatalogue = seed.path
        let handoff = Handoff(configuration)
        let status = pthread_create(&thread, nil, { context in
            Unmanaged<Handoff>.fromOpaque(context!).takeRetainedValue().serve()
            return nil
        }, Unmanaged.passRetained(handoff).toOpaque())
        guard status == 0 else { throw StartError(description: "cannot start the server thread: \(String(cString: strerror(status)))") }
        handoff.started.wait()
        (port, httpPort) = try handoff.ports!.get()
    }

    /// Stops the server as SIGTERM stops `movied` and waits for its thread.
    /// Close every client first: a stopping server waits for its connections.
    func stop() {
        // Thread-directed: the server thread blocks SIGTERM and reads it from its
        // signalfd, while the process as a whole keeps the default action.
        pthread_kill(thread, SIGTERM)
        pthread_join(thread, nil)
        try? FileManager.default.removeItem(at: directory)
    }
}

/// What the server thread hands back: the bound port, once it is listening.
private final class Handoff {
    let configuration: ServerConfiguration
    let started = DispatchSemaphore(value: 0)
    /// Written by the server thread before it signals `started`: the line port and the HTTP port.
    var ports: Result<(Int, Int), Error>?

    init(_ configuration: ServerConfiguration) {
        self.configuration = configuration
    }

    /// Runs on the server thread, which must be the one to create the server:
    /// `MovieServer` blocks the signals it handles for the thread creating it,
    /// and SIGTERM must stay fatal elsewhere in the benchmark process.
    func serve() {
        // Log lines would go to the pipe the benchmark tool reads results from.
        let quiet = Logger(label: "movied-benchmark") { _ in SwiftLogNoOpLogHandler() }
        let server: MovieServer
        do {
            server = try MovieServer(configuration: configuration, logger: quiet)
        } catch {
            ports = .failure(error)
            started.signal()
            return
        }
        // An address ends in the port actually bound: `127.0.0.1:40123`.
        if let port = Int(server.address.split(separator: ":").last!),
           let httpPort = server.httpAddress.flatMap({ Int($0.split(separator: ":").last!) }) {
            ports = .success((port, httpPort))
        } else {
            ports = .failure(LoopbackServer.StartError(description: "no ports in '\(server.address)' and '\(server.httpAddress ?? "")'"))
        }
        started.signal()
        do { try server.run() } catch { fatalError("the server failed: \(error)") }
    }
}
