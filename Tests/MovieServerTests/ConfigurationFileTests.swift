import Foundation
import MovieServer
import Testing

@Suite("Configuration file")
struct ConfigurationFileTests {
    @Test func theShippedConfigurationIsTheBuiltInDefaults() throws {
        let shipped = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Configs/movied.conf").path
        var configuration = ServerConfiguration()
        try ConfigurationFile.apply(shipped, to: &configuration)
        #expect(configuration == ServerConfiguration())
    }

    @Test func httpPortTakesAPortZeroOrOff() throws {
        var configuration = ServerConfiguration()
        #expect(configuration.httpPort == 7080)
        try ConfigurationFile.apply("http-port = 0", named: "test.conf", to: &configuration)
        #expect(configuration.httpPort == 0)
        try ConfigurationFile.apply("http-port = off", named: "test.conf", to: &configuration)
        #expect(configuration.httpPort == nil)
        try ConfigurationFile.apply("http-port = 8080", named: "test.conf", to: &configuration)
        #expect(configuration.httpPort == 8080)
        #expect(throws: ConfigurationFile.Problem.self) {
            try ConfigurationFile.apply("http-port = web", named: "test.conf", to: &configuration)
        }
    }

    @Test func appliesEveryKey() throws {
        var configuration = ServerConfiguration()
        try ConfigurationFile.apply("""
            # comment
            bind = ::1
            ports = 7071, 7072 ,7073
            data-dir = /var/lib/movied
            sync = everysec

            max-connections = 500
            idle-timeout = 0
            request-timeout = 3
            max-line = 1024
            write-token = s3cret
            read-only = yes
            log-level = debug
            seed-catalogue = /tmp/seed.txt
            shutdown-grace = 2
            """, named: "test.conf", to: &configuration)
        #expect(configuration.bindAddress == "::1")
        #expect(configuration.ports == [7071, 7072, 7073])
        #expect(configuration.dataDirectory == "/var/lib/movied")
        #expect(configuration.sync == .everysec)
        #expect(configuration.maximumConnections == 500)
        #expect(configuration.idleTimeoutSeconds == 0)
        #expect(configuration.requestTimeoutSeconds == 3)
        #expect(configuration.maximumLineLength == 1_024)
        #expect(configuration.writeToken == "s3cret")
        #expect(configuration.readOnly)
        #expect(configuration.logLevel == .debug)
        #expect(configuration.seedCatalogue == "/tmp/seed.txt")
        #expect(configuration.shutdownGraceSeconds == 2)
    }

    @Test(arguments: [
        ("port = 70000", "test.conf:2: a port is a number from 0 to 65535, got '70000'"),
        ("prot = 7070", "test.conf:2: unknown key 'prot'"),
        ("max-connections = ten", "test.conf:2: 'max-connections' must be a whole number from 1 to 1000000, got 'ten'"),
        ("sync = sometimes", "test.conf:2: 'sync' must be always, everysec or never, got 'sometimes'"),
        ("read-only = maybe", "test.conf:2: 'read-only' must be yes or no, got 'maybe'"),
        ("just words", "test.conf:2: expected 'key = value', got 'just words'"),
        ("ports = 7070,,7071", "test.conf:2: 'ports' needs a comma-separated list of ports"),
        ("idle-timeout = -1", "test.conf:2: 'idle-timeout' must be a whole number from 0"),
        ("log-level = loud", "test.conf:2: 'log-level' must be one of trace, debug"),
    ])
    func saysWhichLineIsWrongAndWhy(line: String, expected: String) {
        var configuration = ServerConfiguration()
        #expect {
            try ConfigurationFile.apply("# first line\n\(line)\n", named: "test.conf", to: &configuration)
        } throws: { error in
            "\(error)".hasPrefix(expected)
        }
    }

    @Test func refusesAKeySetTwice() {
        var configuration = ServerConfiguration()
        #expect {
            try ConfigurationFile.apply("port = 1\n\nport = 2\n", named: "a.conf", to: &configuration)
        } throws: { error in
            "\(error)" == "a.conf:3: 'port' is already set on line 1"
        }
    }

    @Test func saysWhenTheFileCannotBeRead() {
        var configuration = ServerConfiguration()
        #expect {
            try ConfigurationFile.apply("/nonexistent/movied.conf", to: &configuration)
        } throws: { error in
            "\(error)" == "/nonexistent/movied.conf: cannot read: No such file or directory"
        }
    }
}
