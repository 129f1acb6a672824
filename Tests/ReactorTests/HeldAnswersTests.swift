@testable import Reactor
import Testing

/// The bookkeeping of held answers' places in a connection's output.
@Suite struct HeldAnswersTests {
    @Test func theFirstHeldAnswerBoundsWhatMayBeSent() {
        var held = HeldAnswers()
        held.hold(at: 10)  // 10 bytes before it
        held.hold(at: 15)  // 5 bytes between the two
        #expect(held.count == 2)
        #expect(held.firstPosition == 10)
        held.sent(4)
        #expect(held.firstPosition == 6)
        // Filled in with 7 bytes: what follows, up to the next held answer, may go too.
        held.releaseFirst(inserted: 7)
        #expect(held.count == 1)
        #expect(held.firstPosition == 6 + 7 + 5)
        held.releaseFirst(inserted: 3)
        #expect(held.isEmpty)
        #expect(held.firstPosition == 0)
    }

    @Test func manyHeldAnswersAtOnePlaceReleaseInOrder() {
        var held = HeldAnswers()
        for _ in 0..<5_000 { held.hold(at: 0) }
        var position = 0
        for _ in 0..<5_000 {
            #expect(held.firstPosition == position)
            held.releaseFirst(inserted: 2)
            position += 2
        }
        #expect(held.isEmpty)
    }

    @Test func bytesPutInBeforeTheFirstMoveEveryPlace() {
        var held = HeldAnswers()
        held.hold(at: 2)
        held.hold(at: 5)
        held.insertedBeforeFirst(4)
        #expect(held.firstPosition == 6)
        held.releaseFirst(inserted: 1)
        #expect(held.firstPosition == 6 + 1 + 3)
    }

    @Test func laterHoldsKeepTheirDistanceWhenEarlierOnesAreFilledIn() {
        var held = HeldAnswers()
        held.hold(at: 0)
        held.hold(at: 3)
        held.releaseFirst(inserted: 10)
        // The second place was 3 bytes after the first; 10 bytes were put in before it.
        #expect(held.firstPosition == 13)
        held.hold(at: 20)
        held.releaseFirst(inserted: 1)
        #expect(held.firstPosition == 13 + 1 + (20 - 13))
    }
}
