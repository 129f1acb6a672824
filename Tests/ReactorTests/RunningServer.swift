import Foundation
import Reactor
import Testing

/// An uppercase echo served by any server model on 127.0.0.1 and a free port, on a thread of its own.
final class RunningServer: @unchecked Sendable {
    // `serve()` runs on its own thread; `stop()` is safe from any.
    private let server: any LineServer<UppercaseEcho>
    private let finished = DispatchSemaphore(value: 0)
    private var hasReturned = false
    var port: Int { server.port }

    init(_ model: ServerModel, handler: UppercaseEcho = UppercaseEcho(), limits: ReactorLimits = ReactorLimits()) throws {
        let listener = try ListeningSocket(host: "127.0.0.1", ports: [0])
        server = try model.makeServer(handler: handler, listener: listener, limits: limits)
        Thread { [self] in
            try? server.serve()
            finished.signal()
        }.start()
    }

    /// Whether `serve()` returns within `seconds`.
    func returns(within seconds: Double) -> Bool {
        guard !hasReturned else { return true }
        hasReturned = finished.wait(timeout: .now() + seconds) == .success
        return hasReturned
    }

    /// Stops the server and waits for `serve()` to return; a server that does not is a
    /// failure, not a test run that hangs.
    func stop() {
        server.stop()
        if !returns(within: 30) { Issue.record("serve() did not return within 30 s of stop()") }
    }
}
