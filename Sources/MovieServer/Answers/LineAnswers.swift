import MovieProtocol
import MovieStore
import Primitives

/// Answers as the line protocol writes them: one `OK …` or `ERR <CODE> …` line.
struct LineAnswers: AnswerFormat {
    let output: ByteBuffer

    var style: AnswerStyle { .line }

    @inline(__always) func answer(movie: Movie) {
        withExtendedLifetime(movie) { output.appendOK(movieLine: movie.line) }
    }

    func answer(_ change: Change, movie: Movie) {
        withExtendedLifetime(movie) { output.appendOK(change, title: movie.displayTitle) }
    }

    func answer(count: Int) { output.appendOK(count: count) }

    func refuse(_ code: ErrorCode, _ message: StaticString) { output.appendError(code, message) }

    func refuse(_ code: ErrorCode, message: UnsafeRawBufferPointer) { output.appendError(code, message) }

    func refuse(_ code: ErrorCode, title: UnsafeRawBufferPointer) { output.appendError(code, title) }

    func refuseTooLong(_ what: StaticString, limit: Int) { output.appendTooLong(what, limit: limit) }

    func refuseUnauthenticated() { output.appendError(.denied, "writes need AUTH <token> first") }
}
