@testable import MovieServer
import MovieProtocol
import Testing

@Suite struct MeasuredRequestTests {
    /// The counts are literals so the hot path builds no `allCases` array; they must stay true.
    @Test func everyCommandIsMeasuredUnderItsOwnName() {
        for command in Command.allCases {
            #expect(MeasuredCommand(command).label.description == command.wireName.description.lowercased())
        }
    }

    @Test func caseCountsMatchTheCases() {
        #expect(MeasuredCommand.caseCount == MeasuredCommand.allCases.count)
        #expect(MeasuredOutcome.count == ErrorCode.allCases.count + 1)
        #expect(Statistic.count == Statistic.allCases.count)
        #expect(Set(MeasuredOutcome.ok.index..<MeasuredOutcome.count) == Set([MeasuredOutcome.ok.index] + ErrorCode.allCases.map { MeasuredOutcome(error: $0).index }))
    }
}
