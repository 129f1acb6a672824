import Foundation
import Glibc
import Reactor

/// An uppercase echo loop serving on 127.0.0.1 and a free port, on a thread of its own.
final class RunningLoop: @unchecked Sendable {
    // The loop is touched only by its own thread until `stop()` has joined it.
    private let loop: EventLoop<UppercaseEcho>
    private let finished = DispatchSemaphore(value: 0)
    let port: Int

    /// With `releasePipe`, a byte written to that pipe's write end (from any thread) lets
    /// every `LATER` answer go out, the way a disk writer's eventfd would.
    init(_ handler: UppercaseEcho, limits: ReactorLimits = ReactorLimits(), releasePipe: Int32? = nil) throws {
        let listener = try ListeningSocket(host: "127.0.0.1", ports: [0])
        port = listener.port
        loop = try EventLoop(handler: handler, listener: listener, limits: limits)
        if let releasePipe {
            try loop.watch(releasePipe) {
                var byte: UInt8 = 0
                _ = read(releasePipe, &byte, 1)
                handler.releaseAll()
            }
        }
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
