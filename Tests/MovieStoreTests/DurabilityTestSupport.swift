import Glibc
import MovieRules
@testable import MovieStore
import Primitives
import Testing

/// A fresh directory under /tmp, removed (with the files in it) when the value goes.
final class ScratchDirectory {
    let path: String

    init() {
        var template = Array("/tmp/movied-durability-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The data directory tests use: inside, so that opening it creates it.
    var data: String { path + "/data" }

    deinit { Self.removeTree(path) }

    private static func removeTree(_ path: String) {
        if let names = try? FileSystem.entries(of: path) {
            for name in names { removeTree(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}

func openStore(
    _ directory: String, policy: SyncPolicy = .always, seed: String? = nil,
    options: DurabilityOptions = DurabilityOptions(), crashHook: CrashPoints.Hook? = nil
) throws(StoreError) -> DurableCatalogue {
    try DurableCatalogue(directory: directory, policy: policy, seed: seed.map { Array($0.utf8) }, options: options, crashHook: crashHook)
}

extension DurableCatalogue {
    @discardableResult
    func add(_ title: String, _ info: String) -> CommitTicket? {
        withTitle(title, info) { (try? add($0, info: $1))?.1 }
    }

    @discardableResult
    func put(_ title: String, _ info: String) -> CommitTicket? {
        withTitle(title, info) { (try? put($0, info: $1))?.1 }
    }

    @discardableResult
    func edit(_ title: String, _ info: String) -> CommitTicket? {
        withTitle(title, info) { edit(key: $0.key, info: $1).1 }
    }

    @discardableResult
    func delete(_ title: String) -> CommitTicket? {
        withTitle(title, "") { title, _ in delete(key: title.key).1 }
    }

    private func withTitle<Result>(_ title: String, _ info: String, _ body: (NormalizedTitle, MovieInfo) -> Result) -> Result {
        let normalizer = TitleNormalizer()
        return Array(title.utf8).withUnsafeBytes { titleBytes in
            Array(info.utf8).withUnsafeBytes { infoBytes in
                body(try! normalizer.normalize(titleBytes), try! MovieInfo(trimming: infoBytes))
            }
        }
    }

    /// Waits on the wake-up descriptor, as the event loop would, and collects
    /// every report until `done` says so; fails the test after `seconds`.
    @discardableResult
    func collect(seconds: Double = 10, quietly: Bool = false, until done: ([CommitProgress]) -> Bool) -> [CommitProgress] {
        var reports: [CommitProgress] = []
        let deadline = MonotonicClock.seconds(fromNanoseconds: MonotonicClock.nanoseconds()) + seconds
        while !done(reports) {
            let progress = collectCompletions()
            if progress != .none {
                reports.append(progress)
                continue
            }
            guard MonotonicClock.seconds(fromNanoseconds: MonotonicClock.nanoseconds()) < deadline else {
                if !quietly { Issue.record("timed out waiting; reports so far: \(reports); \(writerDescription)") }
                return reports
            }
            var descriptor = pollfd(fd: wakeupDescriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, 50)
        }
        return reports
    }

    /// Collects until `ticket` is durable or failed; returns the reports.
    @discardableResult
    func settle(_ ticket: CommitTicket?, seconds: Double = 10) -> [CommitProgress] {
        guard let ticket, reportedDurableSequence < ticket.sequence else { return [] }
        return collect(seconds: seconds) { reports in
            reports.contains { report in
                switch report {
                case .durable(let through): through >= ticket
                case .failed(let from, _): from <= ticket
                case .none: false
                }
            }
        }
    }

    /// Collects until writes are accepted again (after a failure), ticking once per round.
    func waitUntilAcceptingWrites(seconds: Double = 10) {
        let deadline = MonotonicClock.seconds(fromNanoseconds: MonotonicClock.nanoseconds()) + seconds
        while !acceptsWrites, MonotonicClock.seconds(fromNanoseconds: MonotonicClock.nanoseconds()) < deadline {
            tick()
            collect(seconds: 0.2, quietly: true) { _ in acceptsWrites }
        }
    }

    /// Collects until the compaction under way has finished.
    func waitForCompaction(seconds: Double = 20) {
        collect(seconds: seconds) { _ in !isCompacting }
    }

    /// Every movie as its `GET` response line, in key order.
    var lines: [String] { catalogue.snapshot().map(\.lineString) }
}

extension DataDirectory {
    var fileNames: [String] { ((try? FileSystem.entries(of: path)) ?? []).sorted() }
}

/// The size of the file at `path`.
func fileSize(_ path: String) -> Int {
    var status = stat()
    return stat(path, &status) == 0 ? Int(status.st_size) : -1
}

/// Cuts the file at `path` to `length` bytes.
func truncateFile(_ path: String, to length: Int) {
    #expect(truncate(path, off_t(length)) == 0)
}

/// Flips every bit of the byte at `offset` of the file at `path`.
func flipByte(_ path: String, at offset: Int) {
    let descriptor = open(path, O_RDWR)
    #expect(descriptor >= 0)
    defer { close(descriptor) }
    var byte: UInt8 = 0
    #expect(pread(descriptor, &byte, 1, off_t(offset)) == 1)
    byte ^= 0xff
    #expect(pwrite(descriptor, &byte, 1, off_t(offset)) == 1)
}

/// The whole file at `path`.
func readFile(_ path: String) -> [UInt8] {
    guard let file = try? MappedFile(path: path) else { return [] }
    return Array(file.bytes)
}

/// Where the whole, intact records of the journal at `path` end.
func recordsEnd(_ path: String) -> Int {
    readFile(path).withUnsafeBytes { bytes in
        var offset = JournalRecord.headerCount
        while let (_, size) = JournalRecord.decode(bytes, at: offset) { offset += size }
        return offset
    }
}

/// Zeroes the last `count` bytes of the journal's records: what a power cut leaves
/// of a write whose last pages never reached the disk. The file keeps its length.
func tearJournal(_ path: String, by count: Int) {
    let end = recordsEnd(path)
    let descriptor = open(path, O_WRONLY)
    #expect(descriptor >= 0)
    defer { close(descriptor) }
    let zeros = [UInt8](repeating: 0, count: count)
    #expect(pwrite(descriptor, zeros, count, off_t(end - count)) == count)
}

/// The offset just past the last byte of the file that is not zero.
func endOfWrittenBytes(_ path: String) -> Int {
    let bytes = readFile(path)
    return (bytes.lastIndex { $0 != 0 } ?? -1) + 1
}
