/// Where a connection is in its life, and the events that move it on.
///
/// The whole life reads in `State.after(_:)`, as memcached's `drive_machine`
/// does: a connection is accepted into `.reading`, may pause in `.answering`,
/// `.awaiting` or `.throttled`, and leaves through `.closingAfterFlush` and
/// `.lingering` to `.closed`. `Connection` turns what happens on the socket
/// into `Event`s and does what entering each state requires.
enum ConnectionState: Equatable {
    /// Reading requests and answering each as soon as its line is complete.
    case reading
    /// A long answer is being written piece by piece; later requests wait their turn.
    case answering
    /// The answer waits for the handler to say it can go on; later requests wait too.
    case awaiting
    /// Too much output is unsent: input stays unread until the client catches up.
    case throttled
    /// Nothing more will be answered; the output owed is being sent, input discarded.
    case closingAfterFlush
    /// Everything was sent and our side shut; waiting for the client's end of input,
    /// so unread bytes in the kernel do not turn the close into a reset that could
    /// destroy the last answer before the client reads it.
    case lingering
    case closed

    /// What happens to a connection.
    enum Event: Equatable {
        /// The handler answered a request, or went on with a long answer, with this outcome.
        case answered(RequestOutcome)
        /// A request line is over the length limit; its error is written.
        case lineTooLong
        /// More output is unsent than the high-water mark allows.
        case outputFull
        /// The client has read enough: unsent output is down to the low-water mark.
        case outputDrained
        /// The handler said an awaited answer can go on.
        case resumed
        /// No more input will be read (the client shut its side, or the loop is
        /// stopping) and every complete request has been answered.
        case inputEnded
        /// Everything owed has been sent while closing; `inputOpen` tells whether
        /// the client may still send (then we linger for its end).
        case outputSent(inputOpen: Bool)
        /// A read or write failed, a timeout passed, or the owner closed it: close at once.
        case dropped
    }

    /// The state `event` moves a connection in this state to.
    ///
    /// Every move of a connection's life is one line here. An event that does
    /// not apply to a state (a late `resumed`, say) leaves it where it is.
    @inline(__always) func after(_ event: Event) -> ConnectionState {
        switch (self, event) {
        case (.closed, _): .closed
        case (_, .dropped): .closed

        case (.reading, .answered(.answered)): .reading
        case (.reading, .answered(.answering)): .answering
        case (.reading, .answered(.awaiting)): .awaiting
        case (.reading, .answered(.closeAfterAnswer)): .closingAfterFlush
        case (.reading, .lineTooLong): .closingAfterFlush
        case (.reading, .outputFull): .throttled
        case (.reading, .inputEnded): .closingAfterFlush

        case (.answering, .answered(.answered)): .reading
        case (.answering, .answered(.answering)): .answering
        case (.answering, .answered(.awaiting)): .awaiting
        case (.answering, .answered(.closeAfterAnswer)): .closingAfterFlush

        case (.awaiting, .resumed): .answering

        case (.throttled, .outputDrained): .reading

        case (.closingAfterFlush, .outputSent(inputOpen: true)): .lingering
        case (.closingAfterFlush, .outputSent(inputOpen: false)): .closed

        case (.lingering, .inputEnded): .closed

        default: self
        }
    }

    /// Whether an answer is under way, so output pushed from elsewhere must wait.
    var isMidAnswer: Bool { self == .answering || self == .awaiting }
}
