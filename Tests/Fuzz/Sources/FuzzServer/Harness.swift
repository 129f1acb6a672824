import Glibc
import Logging
import MovieServer
import MovieStore

/// The server every input goes to, started on first use: a real `MovieServer` (its event
/// loop on a thread of this process, a catalogue in a scratch directory, `--sync never`,
/// a write token so that authentication is in play) listening for both protocols.
public final class Harness: @unchecked Sendable {
    public static let shared = Harness()

    /// Which of the server's listeners an input goes to.
    public enum Listener {
        case line, http
    }

    let port: UInt16
    let httpPort: UInt16
    /// The sample catalogue's titles, which tidying keeps.
    private var seedTitles: Set<Substring> = []
    /// Inputs since the last tidy; libFuzzer calls the target from one thread.
    private var inputsSinceTidy = 0

    private init() {
        var template = Array("/tmp/movied-fuzz-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else { fatalError("mkdtemp failed") }
        let directory = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var configuration = ServerConfiguration()
        configuration.ports = [0]
        configuration.httpPort = 0
        configuration.dataDirectory = directory + "/data"
        configuration.sync = .never
        configuration.writeToken = "fuzz"
        // The repository's sample catalogue, found from this file's place in it.
        configuration.seedCatalogue = String(#filePath.split(separator: "/Tests/Fuzz/").first ?? "") + "/Configs/catalogue.txt"
        let logger = Logger(label: "movied-fuzz") { _ in SwiftLogNoOpLogHandler() }
        let server: MovieServer
        do { server = try MovieServer(configuration: configuration, logger: logger) } catch { fatalError("cannot start movied: \(error)") }
        guard let port = server.address.split(separator: ":").last.flatMap({ UInt16($0) }),
              let httpPort = server.httpAddress?.split(separator: ":").last.flatMap({ UInt16($0) }) else {
            fatalError("no ports in \(server.address) and \(server.httpAddress ?? "")")
        }
        self.port = port
        self.httpPort = httpPort
        let thread = Thread(server)
        thread.start()
        seedTitles = Set(titles())
    }

    /// Every few thousand inputs, deletes the movies inputs added: left to grow, the catalogue
    /// makes every fuzzed `ALL` and `FIND` slower, and the rate falls from thousands of inputs
    /// a second to hundreds.
    public func tidyNowAndThen() {
        inputsSinceTidy += 1
        guard inputsSinceTidy >= 4_096 else { return }
        inputsSinceTidy = 0
        let added = titles().filter { !seedTitles.contains($0) }
        guard !added.isEmpty else { return }
        _ = exchange(Array(("AUTH fuzz\n" + added.map { "DEL \($0)\n" }.joined()).utf8))
    }

    /// The catalogue's titles, as `ALL` lists them.
    private func titles() -> [Substring] {
        let answer = String(decoding: exchange(Array("ALL\n".utf8)), as: UTF8.self)
        return answer.split(separator: "\n").dropFirst().map { $0 }
    }

    /// Sends `request` on a new connection to `listener`, finishes sending and returns what
    /// the server answered before it closed. It must close once it has answered: a trap if not.
    @discardableResult
    public func exchange(_ request: some Collection<UInt8>, to listener: Listener = .line) -> [UInt8] {
        let descriptor = connect(to: listener == .line ? port : httpPort)
        defer {
            // A reset, not a FIN: this side skips TIME_WAIT, which at thousands of connections a
            // second would hold the loopback's ports for a minute each.
            var abort = linger(l_onoff: 1, l_linger: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &abort, socklen_t(MemoryLayout<linger>.size))
            close(descriptor)
        }
        let bytes = Array(request)
        var sent = 0
        while sent < bytes.count {
            let written = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            // The server may close first (a line over the limit, QUIT): then the answer is read below.
            if written <= 0 { break }
            sent += written
        }
        shutdown(descriptor, Int32(SHUT_WR))
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let received = recv(descriptor, &buffer, buffer.count, 0)
            if received > 0 { answer += buffer[..<received]; continue }
            if received < 0 && errno == EINTR { continue }
            precondition(received == 0 || errno == ECONNRESET, "the server did not close within 10 s: \(String(cString: strerror(errno)))")
            return answer
        }
    }

    /// A new connection to the server's `port`, with a 10 s limit on every read.
    func connect(to port: UInt16) -> Int32 {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        for _ in 0..<500 {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if connected == 0 {
                var limit = timeval(tv_sec: 10, tv_usec: 0)
                setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
                return descriptor
            }
            let code = errno
            close(descriptor)
            // Out of ports or a full backlog is the harness's trouble, not a finding: wait and try again a while.
            guard [EINTR, EAGAIN, EADDRNOTAVAIL, ECONNREFUSED].contains(code) else { fail(code) }
            usleep(10_000)
        }
        fail(errno)
    }

    /// Release builds drop a precondition's message: say why before trapping.
    private func fail(_ code: Int32) -> Never {
        var line = "fuzz harness: cannot connect to the server: \(String(cString: strerror(code)))\n"
        line.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
        fatalError("cannot connect to the server")
    }
}

/// The server's loop on a thread of its own.
final class Thread: @unchecked Sendable {
    // Touched by the new thread only, once started.
    private let server: MovieServer
    init(_ server: MovieServer) { self.server = server }

    func start() {
        var thread = pthread_t()
        let box = Unmanaged.passRetained(self).toOpaque()
        pthread_create(&thread, nil, { context in
            let me = Unmanaged<Thread>.fromOpaque(context!).takeRetainedValue()
            try? me.server.run()
            return nil
        }, box)
    }
}
