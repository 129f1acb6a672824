import MovieClient
import Testing

@Suite("JSON output")
struct JSONTests {
    @Test func stringsAreEscapedAndKeysKeepTheirOrder() {
        let value = JSON.object([
            "z": .string("quote \" backslash \\ tab \t newline \n bell \u{7} é"),
            "a": .array([.int(1), .number(0.25), .bool(false), .null]),
            "skipped": nil,
        ])
        #expect(value.encoded == #"{"z":"quote \" backslash \\ tab \t newline \n bell \u0007 é","a":[1,0.250,false,null]}"#)
    }
}
