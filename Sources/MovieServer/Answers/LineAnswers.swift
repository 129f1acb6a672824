import MovieProtocol
import MovieStore
import Primitives

/// Answers as the line protocol writes them: one `OK …` or `ERR <CODE> …` line.
struct LineAnswers: AnswerFormat {
    /// Unowned: an answer format lives for one call, while its connection's output
    /// lives on; a strong reference would cost a retain and a release per request.
    unowned(unsafe) let output: ByteBuffer

    var style: AnswerStyle { .line }

    // A movie passed in is kept alive by the caller for the call, so its bytes stay valid
    // without `withExtendedLifetime`, whose retain and release GET would pay for.
    @inline(__always) func answer(movie: Movie) {
        output.appendOK(movieLine: movie.line)
    }

    func answer(_ change: Change, movie: Movie) {
        output.appendOK(change, title: movie.displayTitle)
    }

    func answer(count: Int) { output.appendOK(count: count) }

    func refuse(_ code: ErrorCode, _ message: StaticString) { output.appendError(code, message) }

    func refuse(_ code: ErrorCode, message: UnsafeRawBufferPointer) { output.appendError(code, message) }

    func refuse(_ code: ErrorCode, title: UnsafeRawBufferPointer) { output.appendError(code, title) }

    func refuseTooLong(_ what: StaticString, limit: Int) { output.appendTooLong(what, limit: limit) }

    func refuseUnauthenticated() { output.appendError(.denied, "writes need AUTH <token> first") }
}
