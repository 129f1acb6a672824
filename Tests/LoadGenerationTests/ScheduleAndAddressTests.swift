import LoadGeneration
import Primitives
import Testing

@Suite struct OpenLoopScheduleTests {
    @Test func connectionsInterleaveEvenly() {
        let schedule = OpenLoopSchedule(start: 1_000, rate: 1_000, connections: 4)
        // One request a millisecond in all: connection c's m-th send is at (c + 4m) ms.
        #expect(schedule.sendTime(connection: 0, sequence: 0) == 1_000)
        #expect(schedule.sendTime(connection: 1, sequence: 0) == 1_001_000)
        #expect(schedule.sendTime(connection: 3, sequence: 0) == 3_001_000)
        #expect(schedule.sendTime(connection: 0, sequence: 1) == 4_001_000)
        #expect(schedule.connectionInterval == 4_000_000)
    }

    @Test func timesDoNotDriftOverALongRun() {
        let schedule = OpenLoopSchedule(start: 0, rate: 3, connections: 1)
        // A third of a second does not add up exactly; the schedule multiplies instead of adding.
        #expect(schedule.sendTime(connection: 0, sequence: 3_000_000) == 1_000_000 * 1_000_000_000)
    }
}

@Suite struct ByteBufferAndJSONTests {
    @Test func bufferGrowsCompactsAndConsumes() {
        let buffer = ByteBuffer()
        #expect(buffer.isEmpty)
        for _ in 0..<5_000 { buffer.append("0123456789") }
        #expect(buffer.readableCount == 50_000)
        buffer.consume(49_990)
        buffer.append(decimal: 1_234_567)
        #expect(String(decoding: buffer.readableBytes, as: UTF8.self) == "01234567891234567")
        buffer.consume(17)
        #expect(buffer.isEmpty)
    }

    @Test func jsonKeepsOrderAndEscapes() {
        let value = JSONValue.object([
            ("b", .int(1)), ("a", .string("q\"\\\n\u{1}")), ("c", .array([.double(1.5), .double(2), .null, .bool(true)])),
        ])
        #expect(value.serialized() == #"{"b":1,"a":"q\"\\\n\u0001","c":[1.5,2,null,true]}"#)
    }
}
