import LoadGeneration
import Testing

@Suite struct JSONWriterTests {
    @Test func jsonKeepsOrderAndEscapes() {
        let value = JSONValue.object([
            ("b", .int(1)), ("a", .string("q\"\\\n\u{1}")), ("c", .array([.double(1.5), .double(2), .null, .bool(true)])),
        ])
        #expect(value.serialized() == #"{"b":1,"a":"q\"\\\n\u0001","c":[1.5,2,null,true]}"#)
    }
}
