import Foundation
import Glibc
import Testing
import TestSupport

/// A real full disk: a small tmpfs holds the data directory, a filler file takes the
/// rest of it. Needs root to mount; skipped where mounting is refused (CI runs as root).
@Suite("movied on a full disk", .serialized, .enabled(if: SmallDisk.canMount, "mounting a tmpfs needs root"))
struct FullDiskTests {
    /// A 4 KiB info: a few hundred of these use up the journal's preallocated space.
    private static let info = String(repeating: "x", count: 4_000)

    @Test func writesAreRefusedReadsGoOnAndNothingAcknowledgedIsLost() throws {
        let disk = try SmallDisk(megabytes: 32)
        defer { disk.unmount() }
        let data = disk.path + "/data"
        var server = try ServerProcess(arguments: ["--compaction-threshold", "65536"], dataDirectory: data)
        try disk.fill()

        // Writes land in the journal's preallocated zeros. Past its compaction threshold the
        // journal is compacted, which fails on the full disk and is put off.
        let client = try LineClient(port: server.port)
        var acknowledged: [Int] = []
        var refused: [Int] = []
        for number in 0..<20 {
            try client.send("PUT full \(number) | \(Self.info)\n")
            #expect(try client.readLine() == "OK added full \(number)")
            acknowledged.append(number)
        }
        #expect(waitFor(seconds: 10) { server.log.contains("given up") || server.log.contains(" failed: ") }, "\(server.log)")

        // Once the preallocated zeros run out, writes are refused with UNAVAILABLE; reads go on.
        for number in 20..<3_000 {
            try client.send("PUT full \(number) | \(Self.info)\n")
            let answer = try #require(try client.readLine())
            if answer.hasPrefix("OK ") {
                acknowledged.append(number)
            } else {
                #expect(answer.hasPrefix("ERR UNAVAILABLE"), "\(answer)")
                refused.append(number)
                break
            }
        }
        #expect(refused.count == 1, "the disk never filled up")
        #expect(acknowledged.count > 100, "the preallocated journal took \(acknowledged.count) writes")
        try client.send("GET heat\nGET full 0\nPUT full again | \(Self.info)\n")
        let answers = try client.readLines(3)
        #expect(answers[0].hasPrefix("OK Heat | "))
        #expect(answers[1] == "OK full 0 | \(Self.info)")
        #expect(answers[2].hasPrefix("ERR UNAVAILABLE"))
        sleep(2)
        try client.send("PUT full still | \(Self.info)\n")
        #expect(try client.readLine()?.hasPrefix("ERR UNAVAILABLE") == true, "writes taken again while the disk is full")

        // Space comes back: writes are taken again within the probe's second, and the put-off compaction runs.
        disk.emptyFiller()
        #expect(waitFor(seconds: 10) {
            (try? client.send("PUT full \(acknowledged.count + 10) | \(Self.info)\n")) != nil
                && (try? client.readLine()).flatMap { $0 }?.hasPrefix("OK ") == true
        })
        acknowledged.append(acknowledged.count + 10)
        #expect(waitFor(seconds: 10) { server.log.contains(": wrote ") }, "no compaction once space came back:\n\(server.log)")

        // Full again, and restarted while full: everything acknowledged is there, nothing refused.
        try disk.fill()
        #expect(server.stop() == 0, "\(server.log)")
        server = try ServerProcess(dataDirectory: data)
        try expectPresent(acknowledged, absent: refused, port: server.port)
        disk.emptyFiller()
        let after = try LineClient(port: server.port)
        try after.send("PUT full at last | \(Self.info)\n")
        #expect(try after.readLine() == "OK added full at last")
    }

    private func expectPresent(_ numbers: [Int], absent: [Int], port: Int) throws {
        let client = try LineClient(port: port)
        try client.send(numbers.map { "GET full \($0)\n" }.joined())
        let answers = try client.readLines(numbers.count)
        let lost = zip(numbers, answers).filter { $1 != "OK full \($0) | \(Self.info)" }.map(\.0)
        #expect(lost.isEmpty, "acknowledged writes lost: \(lost.prefix(5))")
        try client.send(absent.map { "GET full \($0)\n" }.joined())
        #expect(try client.readLines(absent.count).allSatisfy { $0.hasPrefix("ERR NOT_FOUND") }, "a refused write is present")
    }

    private func waitFor(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(100_000)
        }
        return condition()
    }
}

/// A tmpfs of a few megabytes, mounted for one test, and a file that fills it.
final class SmallDisk {
    let path: String
    private var filler: String { path + "/filler" }

    /// Whether this process may mount a tmpfs (root, and a kernel that lets it).
    static let canMount: Bool = {
        guard geteuid() == 0, let disk = try? SmallDisk(megabytes: 1) else { return false }
        disk.unmount()
        return true
    }()

    init(megabytes: Int) throws {
        path = try ServerProcess.makeTemporaryDirectory()
        let result = try ServerProcess.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", path])
        guard result.status == 0 else { throw LineClient.Failure("mount refused: \(result.stderr)") }
    }

    /// Writes zeros to a file until the disk has no room left.
    func fill() throws {
        let descriptor = open(filler, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw LineClient.Failure("cannot create \(filler)") }
        defer { close(descriptor) }
        let block = [UInt8](repeating: 0, count: 4_096)
        while write(descriptor, block, block.count) > 0 {}
        guard errno == ENOSPC else { throw LineClient.Failure("filling \(filler): \(String(cString: strerror(errno)))") }
    }

    func emptyFiller() { unlink(filler) }

    func unmount() {
        _ = try? ServerProcess.run("/bin/umount", ["-l", path])
        rmdir(path)
    }
}
