import Glibc
import LoadGeneration
import Primitives

/// Opening, watching, losing and reopening connections.
extension Worker {
    /// Starts connecting `connection` to its server.
    func open(_ connection: LoadConnection) {
        let address = configuration.servers[connection.server]
        if let failure = connection.startConnecting(to: address, deadline: now + connectTimeout) {
            connectFailed(connection, failure)
            return
        }
        if connection.isConnecting { pendingConnects += 1 }
        let interest = connection.isOpen ? Readiness.input : Readiness.output
        do {
            try epoll.register(connection.descriptor, interest: interest, token: connection.token)
        } catch {
            if connection.isConnecting { pendingConnects -= 1 }
            connection.close(then: .closed)
            connectFailed(connection, (error as? SystemCallError)?.errno ?? Errno.current)
            return
        }
        if connection.isOpen { connected(connection) }
    }

    func handle(_ connection: LoadConnection, readiness: UInt32) {
        switch connection.state {
        case .connecting:
            pendingConnects -= 1
            if let failure = connection.finishConnecting() {
                epoll.deregister(connection.descriptor)
                connection.close(then: .closed)
                connectFailed(connection, failure)
            } else {
                try? epoll.change(connection.descriptor, interest: Readiness.input, token: connection.token)
                connected(connection)
            }
        case .open:
            if readiness & Readiness.input != 0 { receive(connection) }
            guard connection.isOpen else { return }
            if readiness & (Readiness.error | Readiness.hangUp) != 0 && readiness & Readiness.input == 0 {
                lose(connection, as: .read, socketError(connection))
                return
            }
            if readiness & Readiness.output != 0 && connection.waitingToWrite { continueWriting(connection) }
        case .closed, .waitingToReconnect:
            break
        }
    }

    private func connected(_ connection: LoadConnection) {
        if mode == .connecting {
            if connection.isIdle {
                connectReport.idleConnected += 1
            } else {
                connectReport.connected[connection.server] += 1
            }
        }
        if connection.isIdle {
            // One request before going quiet, as a real idle client has made:
            // the server has then read from and answered on every idle connection.
            dialect.appendRequest(.get, key: connection.number % keys.count, keys: keys, to: connection.output)
            write(connection)
        } else {
            scheduleFlush(connection)
        }
    }

    private func connectFailed(_ connection: LoadConnection, _ failure: Errno) {
        if mode == .connecting {
            if connection.isIdle {
                connectReport.idleFailed += 1
            } else {
                connectReport.failed[connection.server] += 1
                if connectReport.firstError[connection.server] == nil {
                    connectReport.firstError[connection.server] = failure.description
                }
            }
        } else if !connection.isIdle {
            stats.failures[Failure.connect.rawValue] += 1
        }
        connection.state = connection.isIdle ? .closed : .waitingToReconnect(at: now + 500_000_000)
    }

    /// Closes a connection after a failure, counting it and what it had in flight.
    func lose(_ connection: LoadConnection, as failure: Failure, _ errno: Errno? = nil) {
        if connection.isIdle {
            connection.close(then: .closed)
            return
        }
        countLost(connection, as: failure)
        connection.close(then: .waitingToReconnect(at: now + 100_000_000))
    }

    /// Counts a failure and the requests it leaves unanswered.
    ///
    /// A timeout counts each request given up; any other failure counts once.
    func countLost(_ connection: LoadConnection, as failure: Failure) {
        var measured = 0
        while !connection.ring.isEmpty {
            let request = connection.ring.removeOldest()
            switch request.part {
            case .measured: measured += 1
            case .populate: summary.populateErrors += 1
            case .warmup: break
            }
        }
        summary.unanswered += measured
        stats.failures[failure.rawValue] += failure == .timeout ? measured : 1
    }

    private func socketError(_ connection: LoadConnection) -> Errno {
        var failure: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(connection.descriptor, SOL_SOCKET, SO_ERROR, &failure, &length)
        return Errno(rawValue: failure == 0 ? ECONNRESET : failure)
    }

    /// Every 20 ms: connects that took too long, requests that took too long, connections to reopen.
    func sweep() {
        let sending = mode == .running || mode == .populating
        for connection in connections {
            switch connection.state {
            case .connecting(let deadline) where now >= deadline:
                pendingConnects -= 1
                connection.close(then: .closed)
                connectFailed(connection, Errno(rawValue: ETIMEDOUT))
            case .open:
                if let oldest = connection.ring.oldest, now > oldest.sent && now - oldest.sent > requestTimeout {
                    lose(connection, as: .timeout)
                }
            case .waitingToReconnect(let time) where sending && now >= time:
                connection.state = .closed
                open(connection)
            default:
                break
            }
        }
    }
}
