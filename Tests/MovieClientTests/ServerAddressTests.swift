import MovieClient
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
