import MovieClient
import Testing

@Suite("shell syntax")
struct ShellSyntaxTests {
    @Test func quotesEscapesAndBarsMakeWords() throws {
        #expect(try ShellSyntax.words(#"add "The Matrix" '1999; Wachowski' x\ y"#)
            == [.init("add"), .init("The Matrix"), .init("1999; Wachowski"), .init("x y")])
        #expect(try ShellSyntax.words(#"get "say \"hi\"" '' a|b"#)
            == [.init("get"), .init(#"say "hi""#), .init(""), .init("a"), .init("|", isBar: true), .init("b")])
        #expect(try ShellSyntax.words(#"get "a|b""#) == [.init("get"), .init("a|b")])
    }

    @Test func unterminatedQuotesAreRefused() {
        #expect(throws: InputError("unterminated quote")) { try ShellSyntax.words(#"get "heat"#) }
    }

    @Test(arguments: [
        (#"get "the matrix""#, ShellInput.action(.get(title: "the matrix"))),
        ("GET the   matrix", .action(.get(title: "the matrix"))),
        (#"add "Heat" "1995; Michael Mann""#, .action(.add(title: "Heat", info: "1995; Michael Mann"))),
        ("add Heat | 1995; Michael Mann", .action(.add(title: "Heat", info: "1995; Michael Mann"))),
        ("edit The Matrix|1999 | remastered", .action(.edit(title: "The Matrix", info: "1999 | remastered"))),
        ("del heat", .action(.del(title: "heat"))),
        ("find god father", .action(.find(text: "god father"))),
        ("all", .action(.all)),
        ("serverlist", .action(.serverList)),
        ("addserver [::1]:7070", .action(.addServer("[::1]:7070"))),
        ("deleteserver 127.0.0.1:7070", .action(.deleteServer("127.0.0.1:7070"))),
        ("watch", .action(.watch)),
        (#"import "my movies.tsv.gz""#, .action(.importFile(path: "my movies.tsv.gz", options: ImportOptions()))),
        ("help", .help),
        ("quit", .quit),
        ("  ", .empty),
    ] as [(String, ShellInput)])
    func linesBecomeActions(line: String, expected: ShellInput) throws {
        #expect(try ShellSyntax.parse(line) == expected)
    }

    @Test(arguments: [
        ("get", "usage: get TITLE"),
        ("add Heat", "usage: add TITLE INFO (quote a title or info with spaces, or write TITLE | INFO)"),
        ("add The Matrix 1999", "usage: add TITLE INFO (quote a title or info with spaces, or write TITLE | INFO)"),
        ("all heat", "all takes no arguments"),
        ("import", "usage: import FILE"),
        ("frobnicate", "unknown command 'frobnicate'; type help for the list"),
    ])
    func mistakesAreExplained(line: String, message: String) {
        #expect(throws: InputError(message)) { try ShellSyntax.parse(line) }
    }
}
