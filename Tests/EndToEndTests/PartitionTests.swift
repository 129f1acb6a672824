import Foundation
import Glibc
import Testing
import TestSupport

/// Three `movied` on three hosts (network namespaces, each joined to this one by a veth
/// pair), one of which is then cut off: its link goes down, so its packets vanish without
/// a word, as in a real partition. Needs root; skipped where namespaces are refused.
@Suite("movie across a partition", .serialized, .enabled(if: Hosts.canMake, "network namespaces need root"))
struct PartitionTests {
    @Test func aHostCutOffIsReportedWithinTheTimeoutAndTheOthersStayConsistent() throws {
        let hosts = try Hosts(count: 3)
        defer { hosts.remove() }
        let servers = try (0..<3).map { host in
            try ServerProcess(bind: hosts.address(host), launcher: hosts.launcher(host))
        }
        let names = servers.indices.map { "\(hosts.address($0)):\(servers[$0].port)" }
        let everyServer = names.flatMap { ["--server", $0] } + ["--timeout", "1"]
        let reachable = try ServerProcess.run("movie", everyServer + ["get", "heat"])
        #expect(reachable.status == 0, "\(reachable.stdout)\(reachable.stderr)")

        hosts.cutOff(1)
        for command in [["get", "heat"], ["add", "Partitioned", "added while one host was cut off"], ["all"]] {
            let started = Date()
            let result = try ServerProcess.run("movie", everyServer + command)
            let elapsed = Date().timeIntervalSince(started)
            // One timeout for connecting, plus the margin a process start takes.
            #expect(elapsed < 1 + 1.5, "\(command[0]) took \(elapsed) s")
            #expect(result.status != 0, "\(command[0]) must fail for the host that is cut off")
            #expect((result.stdout + result.stderr).contains(names[1]), "\(command[0]) must name \(names[1]):\n\(result.stdout)\(result.stderr)")
            #expect(!(result.stdout + result.stderr).contains("\(names[0])  failed"), "\(result.stdout)")
        }

        // The two hosts still reachable agree, the movie added while the third was cut off included.
        let others = ["--server", names[0], "--server", names[2], "--timeout", "1"]
        for command in [["get", "partitioned"], ["count"]] {
            let result = try ServerProcess.run("movie", others + command)
            #expect(result.status == 0, "\(command[0]): \(result.stdout)\(result.stderr)")
            #expect(!result.stdout.contains("disagree"), "\(result.stdout)")
        }
        let count = try ServerProcess.run("movie", ["--server", names[0], "count"]).stdout
        #expect(count.contains("182"), "the added movie is on the reachable hosts: \(count)")
    }
}

/// Network namespaces standing in for hosts, each joined to this namespace by a veth pair:
/// host `n` is 10.231.<n>.2 and this side of its link 10.231.<n>.1.
final class Hosts {
    private let tag = String(UInt32(truncatingIfNeeded: getpid()) % 100_000)
    private let count: Int

    /// Whether this process may make network namespaces (root, and a kernel that lets it).
    static let canMake: Bool = {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") else { return false }
        guard let probe = try? Hosts(count: 1) else { return false }
        probe.remove()
        return true
    }()

    init(count: Int) throws {
        self.count = count
        for host in 0..<count {
            let namespace = name(host)
            let outside = "mv\(tag)o\(host)", inside = "mv\(tag)i\(host)"
            for command in [
                ["netns", "add", namespace],
                ["link", "add", outside, "type", "veth", "peer", "name", inside],
                ["link", "set", inside, "netns", namespace],
                ["addr", "add", "10.231.\(host).1/30", "dev", outside],
                ["link", "set", outside, "up"],
                ["netns", "exec", namespace, "ip", "addr", "add", "\(address(host))/30", "dev", inside],
                ["netns", "exec", namespace, "ip", "link", "set", inside, "up"],
                ["netns", "exec", namespace, "ip", "link", "set", "lo", "up"],
            ] {
                let result = try ServerProcess.run("/usr/sbin/ip", command)
                guard result.status == 0 else {
                    remove()
                    throw LineClient.Failure("ip \(command.joined(separator: " ")): \(result.stderr)")
                }
            }
        }
    }

    func address(_ host: Int) -> String { "10.231.\(host).2" }

    /// The command that runs a program on `host`.
    func launcher(_ host: Int) -> [String] { ["/usr/sbin/ip", "netns", "exec", name(host)] }

    /// Takes `host`'s end of its link down: what is sent to it is dropped without an answer.
    func cutOff(_ host: Int) {
        _ = try? ServerProcess.run("/usr/sbin/ip", ["netns", "exec", name(host), "ip", "link", "set", "mv\(tag)i\(host)", "down"])
    }

    /// Removes the namespaces (which takes their ends of the links, and so the links, along).
    func remove() {
        for host in 0..<count {
            _ = try? ServerProcess.run("/usr/sbin/ip", ["netns", "del", name(host)])
            _ = try? ServerProcess.run("/usr/sbin/ip", ["link", "del", "mv\(tag)o\(host)"])
        }
    }

    private func name(_ host: Int) -> String { "movied-\(tag)-\(host)" }
}
