import LoadGeneration
import Primitives

/// Sending requests and reading their replies: the hot path. Nothing here allocates.
extension Worker {
    @inline(__always) func scheduleFlush(_ connection: LoadConnection) {
        guard !connection.flushScheduled else { return }
        connection.flushScheduled = true
        flushQueue.append(connection.slot)
    }

    // MARK: Phase 2: flush

    func flushQueued() {
        guard !flushQueue.isEmpty else { return }
        swap(&flushQueue, &flushing)
        now = MonotonicClock.nanoseconds()
        for slot in flushing {
            let connection = connections[slot]
            connection.flushScheduled = false
            fill(connection)
        }
        flushing.removeAll(keepingCapacity: true)
    }

    /// Adds as many requests as the connection may have in flight (and, in an open loop,
    /// as have come due), then writes them all with one `send`. Called from the flush
    /// phase, and straight after a read that freed room.
    private func fill(_ connection: LoadConnection) {
        guard connection.isOpen, !connection.isIdle, !connection.waitingToWrite else { return }
        let output = connection.output
        var added = 0
        switch mode {
        case .populating:
            while connection.ring.count < populateDepth && connection.populateCursor < keys.count {
                let key = connection.populateCursor
                connection.populateCursor += connection.populateStride
                dialect.appendRequest(.put, key: key, keys: keys, to: output)
                connection.ring.append(PendingRequest(intended: now, sent: now, key: UInt32(key), operation: .put, part: .populate))
                added += 1
            }
            summary.populateRequests += added
        case .running:
            var random = connection.random
            var sequence = connection.sequence
            while connection.ring.count < pipeline {
                let intended: UInt64
                if let schedule {
                    intended = schedule.sendTime(connection: connection.number, sequence: sequence)
                    if intended > now { break }
                } else {
                    intended = now
                }
                if intended >= measureEnd { break }
                let part: RunPart = intended >= measureStart ? .measured : .warmup
                if part == .measured, let remaining = remainingRequests {
                    if remaining == 0 { break }
                    remainingRequests = remaining - 1
                }
                sequence += 1
                let operation = mix.next(using: &random)
                let key = operation.takesKey ? chooser.next(using: &random) : 0
                dialect.appendRequest(operation, key: key, keys: keys, to: output)
                connection.ring.append(PendingRequest(intended: intended, sent: now, key: UInt32(key), operation: operation, part: part))
                if part == .measured {
                    stats.requests += 1
                    stats.operations[Int(operation.rawValue)] += 1
                } else {
                    summary.warmupRequests += 1
                }
                added += 1
            }
            connection.random = random
            connection.sequence = sequence
        default:
            return
        }
        if added > 0 { write(connection) }
    }

    func write(_ connection: LoadConnection) {
        switch connection.writePending() {
        case .success(let count):
            stats.bytesSent += count
            if !connection.output.isEmpty { waitToWrite(connection) }
        case .failure(.wouldBlock):
            waitToWrite(connection)
        case .failure(let failure):
            lose(connection, as: .write, failure)
        }
    }

    private func waitToWrite(_ connection: LoadConnection) {
        connection.waitingToWrite = true
        try? epoll.change(connection.descriptor, interest: Readiness.input | Readiness.output, token: connection.token)
    }

    /// EPOLLOUT: the socket takes more; once everything is written, go back to filling.
    func continueWriting(_ connection: LoadConnection) {
        switch connection.writePending() {
        case .success(let count):
            stats.bytesSent += count
            guard connection.output.isEmpty else { return }
            connection.waitingToWrite = false
            try? epoll.change(connection.descriptor, interest: Readiness.input, token: connection.token)
            scheduleFlush(connection)
        case .failure(.wouldBlock):
            return
        case .failure(let failure):
            lose(connection, as: .write, failure)
        }
    }

    // MARK: Phase 4: replies

    func receive(_ connection: LoadConnection) {
        switch connection.readOnce() {
        case .success(0):
            lose(connection, as: .read, .connectionReset)  // the server closed
            return
        case .success(let count):
            stats.bytesReceived += count
        case .failure(.wouldBlock):
            return
        case .failure(let failure):
            lose(connection, as: .read, failure)
            return
        }
        if connection.isIdle {
            connection.input.clear()
            return
        }
        now = MonotonicClock.nanoseconds()
        let input = connection.input
        while true {
            let bytes = input.readableBytes
            let request = connection.ring.oldest
            switch connection.scanner.scan(bytes, expecting: request?.operation) {
            case .needMoreBytes:
                // Refill at once, while the server may be waiting: one write per connection per read.
                if mode == .populating ? connection.ring.count < populateDepth
                    : batch ? connection.ring.isEmpty : connection.ring.count < pipeline {
                    fill(connection)
                }
                return
            case .skip(let length):
                input.consume(length)
            case .violation:
                lose(connection, as: .protocolViolation)
                return
            case .reply(let reply):
                guard let request else {
                    // An error sent unasked, like `ERR BUSY` before the server closes.
                    stats.outcomes[reply.outcome.index] += 1
                    input.consume(reply.length)
                    continue
                }
                if let echoed = reply.echoedKey, request.operation.takesKey, request.operation != .find,
                   !keys.isKey(UnsafeRawBufferPointer(rebasing: bytes[echoed]), Int(request.key)) {
                    lose(connection, as: .protocolViolation)
                    return
                }
                let verified = !verify || request.operation != .get || reply.outcome != .ok
                    || keys.isValue(UnsafeRawBufferPointer(rebasing: bytes[reply.value]), Int(request.key))
                _ = connection.ring.removeOldest()
                input.consume(reply.length)
                complete(request, outcome: reply.outcome, verified: verified)
            }
        }
    }

    @inline(__always) private func complete(_ request: PendingRequest, outcome: ReplyOutcome, verified: Bool) {
        switch request.part {
        case .populate:
            summary.populateResponses += 1
            if outcome != .ok { summary.populateErrors += 1 }
            return
        case .warmup:
            summary.warmupResponses += 1
            rollSlotIfNeeded()
            guard currentSlot < 0 else { return }  // shown in the warm-up progress only
        case .measured:
            summary.lastResponse = now
            rollSlotIfNeeded()
        }
        stats.responses += 1
        stats.outcomes[outcome.index] += 1
        stats.latency.recordLatency(now &- request.intended)
        if schedule != nil { stats.uncorrected.recordLatency(now &- request.sent) }
        if !verified { stats.failures[Failure.verify.rawValue] += 1 }
    }
}
