import Foundation
import Reactor

/// An uppercase echo loop serving on 127.0.0.1 and a free port, on a thread of its own.
final class RunningLoop: @unchecked Sendable {
    // The loop is touched only by its own thread until `stop()` has joined it.
    private let loop: EventLoop<UppercaseEcho>
    private let finished = DispatchSemaphore(value: 0)
    let port: Int

    init(_ handler: UppercaseEcho, limits: ReactorLimits = ReactorLimits()) throws {
        let listener = try ListeningSocket(host: "127.0.0.1", ports: [0])
        port = listener.port
        loop = try EventLoop(handler: handler, listener: listener, limits: limits)
        Thread { [self] in
            try? loop.run()
            finished.signal()
        }.start()
    }

    /// Stops the loop gracefully, waits for it, and returns its final counters.
    @discardableResult
    func stop() -> ReactorStatistics {
        loop.stopper.signal()
        finished.wait()
        return loop.statistics
    }
}
