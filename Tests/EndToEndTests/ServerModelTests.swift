import Foundation
import Glibc
import Testing
import TestSupport

/// `movied --model threaded` and `--model iterative`: what differs from the reactor.
@Suite("movied server models")
struct ServerModelTests {
    @Test(arguments: ["threaded", "iterative"])
    func anAcknowledgedWriteSurvivesSIGKILL(model: String) throws {
        let server = try ServerProcess(arguments: ["--model", model, "--sync", "always"])
        let directory = server.dataDirectory
        let acknowledged = Acknowledged()
        let writer = Thread {
            guard let client = try? LineClient(port: server.port, timeout: 2) else { return }
            var index = 0
            while true {
                let batch = (index..<index + 8).map { "PUT crash \($0) | info \($0)\n" }.joined()
                guard (try? client.send(batch)) != nil else { return }
                for offset in 0..<8 {
                    guard let answer = try? client.readLine(), answer.hasPrefix("OK added") else { return }
                    acknowledged.add("crash \(index + offset)", "info \(index + offset)")
                }
                index += 8
            }
        }
        writer.start()
        Thread.sleep(forTimeInterval: 1.5)
        server.stop(signal: SIGKILL)
        while writer.isExecuting { Thread.sleep(forTimeInterval: 0.05) }
        let written = acknowledged.all
        #expect(written.count >= 16, "too few writes were acknowledged to test anything")
        let restarted = try ServerProcess(dataDirectory: directory)
        let lost = try missing(written, from: restarted)
        #expect(lost.isEmpty, "acknowledged writes lost: \(lost.prefix(5))")
    }

    @Test(arguments: ["threaded", "iterative"])
    func watchIsRefusedWithAReason(model: String) throws {
        let server = try ServerProcess(arguments: ["--model", model])
        let client = try LineClient(port: server.port)
        try client.send("WATCH\nPING\n")
        #expect(try client.readLines(2) == ["ERR UNAVAILABLE WATCH needs the reactor model (movied --model reactor)", "OK PONG"])
    }

    @Test func theThreadedModelServesASecondClientWhileTheFirstIsSilent() throws {
        let server = try ServerProcess(arguments: ["--model", "threaded"])
        let silent = try LineClient(port: server.port)
        try silent.send("PING\n")
        #expect(try silent.readLine() == "OK PONG")
        let speaker = try LineClient(port: server.port, timeout: 1)
        try speaker.send("GET heat\n")
        #expect(try speaker.readLine()?.hasPrefix("OK Heat |") == true)
    }

    @Test func theIterativeModelServesTheNextClientOnlyOnceTheFirstLeaves() throws {
        let server = try ServerProcess(arguments: ["--model", "iterative"])
        var silent: LineClient? = try LineClient(port: server.port)
        try silent?.send("PING\n")
        #expect(try silent?.readLine() == "OK PONG")
        let speaker = try LineClient(port: server.port, timeout: 1)
        try speaker.send("GET heat\n")
        #expect(throws: (any Error).self, "not answered while the first client stays") { try speaker.readLine() }
        silent = nil
        #expect(try speaker.readLine()?.hasPrefix("OK Heat |") == true)
    }

    @Test func aModelADaemonCannotUseIsRefusedAtStartUp() throws {
        let result = try ServerProcess.run("movied", ["--model", "one-shot", "--port", "0", "--data-dir", ServerProcess.makeTemporaryDirectory()])
        #expect(result.status != 0)
        #expect(result.stderr.contains("'model' must be reactor, threaded or iterative, got 'one-shot'"))
    }
}
