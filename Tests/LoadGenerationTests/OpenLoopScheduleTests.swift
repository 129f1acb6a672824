import LoadGeneration
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
