import Glibc
import Primitives

extension Connection {
    /// Serves this connection from the calling thread over its blocking socket until it
    /// closes, then closes the descriptor.
    ///
    /// The connection goes through the same life as under the loop; only who does
    /// its I/O differs. Its state and the handler are touched with `monitor` held
    /// (the loop thread and other connections' threads share them); the socket is
    /// read and written with it released, so a slow client blocks only its own thread.
    /// While an answer is held or awaited the thread waits for the monitor's
    /// broadcast instead of reading: a request-and-reply client sends nothing more
    /// until that answer comes.
    func serveOnThisThread(under monitor: Monitor) {
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 16_384, alignment: 1)
        var outgoing: [UInt8] = []
        /// What the loop does at the end of its turn; the broadcast wakes threads waiting on what this one released.
        func endTurn() {
            loop.beforeWaiting?()
            monitor.broadcast()
        }
        defer {
            scratch.deallocate()
            closeDescriptor(descriptor)
        }
        monitor.lock()
        defer {
            endTurn()
            monitor.unlock()
        }
        while state != .closed {
            if pushedTooMuch {
                loop.logSlowSubscriberDropped()
                move(.dropped)
                break
            }
            let sendable = sendableCount
            if sendable > 0 {
                outgoing.removeAll(keepingCapacity: true)
                outgoing.append(contentsOf: UnsafeRawBufferPointer(rebasing: output.readableBytes.prefix(sendable)))
                output.consume(sendable)
                held.sent(sendable)
                monitor.unlock()
                let sentAll = sendAll(outgoing)
                monitor.lock()
                guard sentAll else {
                    move(.dropped)
                    break
                }
                loop.statistics.bytesWritten += sendable
                lastActivity = loop.now
                resumeAfterDrain()
                outputChanged()
                endTurn()
                continue
            }
            outputChanged()
            if !held.isEmpty || state == .awaiting {
                monitor.wait()
                continue
            }
            switch state {
            case .answering:
                // A slice that wrote nothing goes on, but lets the loop and other clients in first.
                monitor.unlock()
                sched_yield()
                monitor.lock()
                resumeAfterDrain()
                endTurn()
            case .throttled:
                resumeAfterDrain()
                endTurn()
            case .reading where inputEnd != nil:
                answerBufferedRequests()
                endTurn()
            case .reading, .closingAfterFlush, .lingering:
                monitor.unlock()
                let count = read(descriptor, scratch.baseAddress, scratch.count)
                let code = errno
                monitor.lock()
                received(UnsafeRawBufferPointer(rebasing: scratch.prefix(max(count, 0))), failed: count < 0 ? code : nil)
                endTurn()
            case .awaiting, .closed:
                break
            }
        }
    }

    /// What one `read` on the blocking socket brought: bytes, the end of input (none), or an error.
    private func received(_ bytes: UnsafeRawBufferPointer, failed code: Int32?) {
        if let code {
            if code != EINTR { move(.dropped) }
            return
        }
        loop.statistics.bytesRead += bytes.count
        lastActivity = loop.now
        switch state {
        case .reading:
            // Input that arrives once the loop is stopping is dropped, as under epoll.
            guard inputEnd == nil else { return }
            if bytes.isEmpty {
                inputEnd = .clientFinished
            } else {
                prepareInput()
                input.append(bytes)
            }
            answerBufferedRequests()
            parkInput()
        case .closingAfterFlush:
            if bytes.isEmpty { inputEnd = .clientFinished }
        case .lingering:
            if bytes.isEmpty { move(.inputEnded) }
        case .answering, .awaiting, .throttled, .closed:
            break
        }
    }

    /// Writes all of `bytes` to the blocking socket; false if the client is gone.
    private func sendAll(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { all in
            var offset = 0
            while offset < all.count {
                let written = send(descriptor, all.baseAddress! + offset, all.count - offset, Int32(MSG_NOSIGNAL))
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return false }
                offset += written
            }
            return true
        }
    }
}
