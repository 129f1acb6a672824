import Glibc
import Primitives

/// How `import` reads its file.
public struct ImportOptions: Equatable, Sendable {
    /// The file's format; `nil` detects it from the file's name and first line.
    public var format: ImportFormat?
    /// The IMDb title types to keep.
    public var types: [String]
    /// Show progress even when standard error is not a terminal.
    public var progress: Bool

    /// The types kept from an IMDb file unless told otherwise.
    public static let defaultTypes = ["movie", "tvMovie"]

    public init(format: ImportFormat? = nil, types: [String] = defaultTypes, progress: Bool = false) {
        self.format = format
        self.types = types
        self.progress = progress
    }
}

/// `import`: puts every movie of a file on every server, over one pipelined
/// connection per server, all servers at once.
///
/// Ctrl-C stops it; what the servers acknowledged until then stays, and the
/// summary counts the rest as failed.
struct Importer {
    let path: String
    let options: ImportOptions
    let servers: [ServerAddress]
    let timeout: Double
    /// The `AUTH <token>` line to send first on each connection, if any.
    let authentication: [UInt8]?
    let console: Console

    /// Reads, sends and tallies; throws, with nothing sent, when the file cannot be used.
    func run() throws(ClientError) -> ImportSummary {
        let started = ContinuousClock.now
        let signals = Interrupts.catching([SIGINT, SIGTERM])
        defer { signals.end() }
        let progress = ProgressLine(console: console, forced: options.progress)
        defer { progress?.clear() }
        let skipped = SkippedLines(path: path) { line in
            progress?.clear()
            console.err(line)
        }
        let (format, source) = try open(skipped: skipped, progress: progress, interruptDescriptor: signals.descriptor)
        let resolved = Resolver.resolve(servers, timeout: timeout)
        let now = ContinuousClock.now
        let connections = zip(servers, resolved).map { address, addresses in
            ImportConnection(address: address, resolved: addresses, authentication: authentication, timeout: timeout, now: now)
        }
        let loop = ImportLoop(
            connections: connections, source: source, interruptDescriptor: signals.descriptor, progress: progress)
        let stop = loop.run()
        // The progress line, wiped, takes the echoed ^C with it; else that line is ended.
        let wiped = progress?.clear() ?? false
        if stop == .interrupted && !wiped { console.endInterruptedLine() }
        skipped.finish()
        let total = source.tally.movies
        let tallies = connections.map { connection in
            var problem: ServerProblem? = connection.firstRefusal
            if case .failed(let failure) = connection.phase { problem = failure }
            let tally = ImportTally(
                added: connection.added, replaced: connection.replaced, refused: connection.refused,
                unanswered: total - connection.answered, problem: problem)
            return ServerItem(address: connection.address, value: tally,
                              elapsed: (connection.settled ?? .now) - connection.started)
        }
        let stoppedEarly: String? = switch stop {
        case .interrupted: "interrupted: the rest of \(path) was not imported"
        case .unreadable(let error): "\(error); the rest of the file was not imported"
        case nil: nil
        }
        return ImportSummary(file: path, format: format, source: source.tally, servers: tallies,
                             elapsed: .now - started, stoppedEarly: stoppedEarly)
    }

    /// Opens the file, settles its format and makes its source; an IMDb file is read whole here.
    private func open(
        skipped: SkippedLines, progress: ProgressLine?, interruptDescriptor: Int32
    ) throws(ClientError) -> (ImportFormat, MovieSource) {
        do {
            let lines = FileLines(try InputFile(path: path))
            let first = try lines.next()
            lines.unread()
            let format = options.format
                ?? ImportFormat.detect(path: path, firstLine: first?.bytes ?? UnsafeRawBufferPointer(start: nil, count: 0))
            switch format {
            case .catalogue:
                return (format, CatalogueSource(lines: lines, skipped: skipped))
            case .imdb:
                let source = try IMDbSource(lines: lines, types: options.types, skipped: skipped) { fraction in
                    if Interrupts.arePending(on: interruptDescriptor) { throw Interruption() }
                    progress?.reading(path, fraction: fraction)
                }
                return (format, source)
            }
        } catch let error as InputFileError {
            throw ClientError(.usage, "\(error.description); nothing was sent")
        } catch {
            throw ClientError(.failure, "interrupted while reading \(path); nothing was sent")
        }
    }
}
