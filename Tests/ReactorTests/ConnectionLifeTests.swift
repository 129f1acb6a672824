@testable import Reactor
import Testing

/// The connection's life as `ConnectionState.after(_:)` states it.
@Suite struct ConnectionLifeTests {
    static let allStates: [ConnectionState] = [
        .reading, .answering, .awaiting, .throttled, .closingAfterFlush, .lingering, .closed,
    ]

    @Test func anAcceptedConnectionAnswersAndPausesAndGoesBackToReading() {
        #expect(ConnectionState.reading.after(.answered(.answered)) == .reading)
        #expect(ConnectionState.reading.after(.answered(.answering)) == .answering)
        #expect(ConnectionState.answering.after(.answered(.answered)) == .reading)
        #expect(ConnectionState.reading.after(.answered(.awaiting)) == .awaiting)
        #expect(ConnectionState.awaiting.after(.resumed) == .answering)
        #expect(ConnectionState.reading.after(.outputFull) == .throttled)
        #expect(ConnectionState.throttled.after(.outputDrained) == .reading)
    }

    @Test func itLeavesThroughClosingAndLingering() {
        #expect(ConnectionState.reading.after(.answered(.closeAfterAnswer)) == .closingAfterFlush)
        #expect(ConnectionState.answering.after(.answered(.closeAfterAnswer)) == .closingAfterFlush)
        #expect(ConnectionState.reading.after(.lineTooLong) == .closingAfterFlush)
        #expect(ConnectionState.reading.after(.inputEnded) == .closingAfterFlush)
        #expect(ConnectionState.closingAfterFlush.after(.outputSent(inputOpen: true)) == .lingering)
        #expect(ConnectionState.closingAfterFlush.after(.outputSent(inputOpen: false)) == .closed)
        #expect(ConnectionState.lingering.after(.inputEnded) == .closed)
    }

    @Test func droppingClosesFromAnywhereAndNothingLeavesClosed() {
        let events: [ConnectionState.Event] = [
            .answered(.answered), .answered(.answering), .answered(.awaiting), .answered(.closeAfterAnswer),
            .lineTooLong, .outputFull, .outputDrained, .resumed, .inputEnded,
            .outputSent(inputOpen: true), .outputSent(inputOpen: false),
        ]
        for state in Self.allStates {
            #expect(state.after(.dropped) == .closed)
        }
        for event in events {
            #expect(ConnectionState.closed.after(event) == .closed)
        }
    }

    @Test func pausedConnectionsIgnoreWhatDoesNotConcernThem() {
        // A paused connection reads nothing, so no request can be answered or refused in it.
        for state in [ConnectionState.awaiting, .throttled] {
            #expect(state.after(.lineTooLong) == state)
            #expect(state.after(.inputEnded) == state)
        }
        #expect(ConnectionState.reading.after(.resumed) == .reading)
        #expect(ConnectionState.lingering.after(.outputFull) == .lingering)
    }
}
