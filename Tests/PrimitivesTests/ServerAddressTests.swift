import Primitives
import Testing

@Suite("server addresses")
struct ServerAddressTests {
    @Test(arguments: [
        ("127.0.0.1:7070", "127.0.0.1", 7070, "127.0.0.1:7070"),
        ("  localhost:1 ", "localhost", 1, "localhost:1"),
        ("Movies.Example.COM:65535", "movies.example.com", 65535, "movies.example.com:65535"),
        ("[::1]:7070", "::1", 7070, "[::1]:7070"),
        ("[FE80::1%eth0]:80", "FE80::1%eth0", 80, "[FE80::1%eth0]:80"),
        ("10.0.0.2:007071", "10.0.0.2", 7071, "10.0.0.2:7071"),
    ] as [(String, String, Int, String)])
    func validAddressesParse(text: String, host: String, port: Int, canonical: String) throws {
        let address = try ServerAddress(parsing: text)
        #expect(address.host == host)
        #expect(Int(address.port) == port)
        #expect(address.description == canonical)
        #expect(try ServerAddress(parsing: address.description) == address)
    }

    @Test(arguments: [
        ("", AddressError.Problem.empty),
        ("localhost", .missingPort),
        ("localhost:", .badPort),
        ("localhost:0", .badPort),
        ("localhost:65536", .badPort),
        ("localhost:70x", .badPort),
        ("localhost:-1", .badPort),
        (":7070", .emptyHost),
        ("::1:7070", .unbracketedIPv6),
        ("[::1:7070", .unclosedBracket),
        ("[::1]", .missingPort),
        ("[127.0.0.1]:80", .badHost),
        ("my host:7070", .badHost),
        ("http://x:80", .unbracketedIPv6),
    ] as [(String, AddressError.Problem)])
    func badAddressesAreRefusedWithTheirReason(text: String, problem: AddressError.Problem) {
        #expect(throws: AddressError(text: text, problem: problem)) { try ServerAddress(parsing: text) }
    }

    @Test func theMessageQuotesTheInputAndShowsTheExpectedForm() {
        do {
            _ = try ServerAddress(parsing: "::1:7070")
            Issue.record("an unbracketed IPv6 address was accepted")
        } catch {
            #expect(error.description == "bad server address '::1:7070': write an IPv6 address in brackets, e.g. [::1]:7070")
        }
    }
}

@Suite("server addresses with a default port")
struct DefaultPortAddressTests {
    @Test func acceptsTheUsualSpellings() throws {
        #expect(try Self.parts("localhost:7070", defaultPort: 1) == ("localhost", 7070))
        #expect(try Self.parts("127.0.0.1", defaultPort: 6379) == ("127.0.0.1", 6379))
        #expect(try Self.parts("7071", defaultPort: 1) == ("127.0.0.1", 7071))
        #expect(try Self.parts(":7072", defaultPort: 1) == ("127.0.0.1", 7072))
        #expect(try Self.parts("[::1]:7073", defaultPort: 1) == ("::1", 7073))
    }

    @Test(arguments: ["host:0", "host:70000", "host:port", "::1:7070", "[::1"])
    func refusesBadAddresses(text: String) {
        #expect(throws: AddressError.self) { try ServerAddress(parsing: text, defaultPort: 1) }
    }

    @Test func resolvesLoopback() throws {
        let address = try ServerAddress(parsing: "127.0.0.1:7070", defaultPort: 1)
        #expect(address.description == "127.0.0.1:7070")
        #expect(try address.socketAddresses()[0].bytes.count == 16)
    }

    static func parts(_ text: String, defaultPort: UInt16) throws -> (String, Int) {
        let address = try ServerAddress(parsing: text, defaultPort: defaultPort)
        return (address.host, Int(address.port))
    }
}
